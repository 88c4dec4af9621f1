using System.Globalization;

namespace Sidecar.Models.Evaluation;

/// <summary>
/// Sets one <see cref="ModelOptions"/> property from its YAML key (snake_case of the property name) and a value
/// written as in YAML: numbers in invariant culture, enums in snake_case (<c>seasonal_baseline</c>), Fourier orders
/// as an integer or <c>auto</c>.
/// </summary>
public static class ModelOptionsSetting
{
    /// <summary>The keys <see cref="Apply"/> understands, in the order tables show them.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "type", "interval_width", "detection_direction", "min_dev_from_expected", "min_rel_dev_from_expected",
        "growth", "n_changepoints", "changepoint_range", "changepoint_prior_scale", "seasonality_mode",
        "seasonality_prior_scale", "holidays_prior_scale", "daily_seasonality", "weekly_seasonality", "time_zone",
        "ewma_half_life", "level_shift",
    ];

    /// <summary>Returns <paramref name="options"/> with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">Unknown key or a value that does not parse.</exception>
    public static ModelOptions Apply(ModelOptions options, string key, string value)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        string v = value.Trim();
        return key switch
        {
            "type" or "model" => options with { Kind = ParseEnum<ModelKind>(key, v) },
            "interval_width" => options with { IntervalWidth = ParseWidth(key, v) },
            "detection_direction" => options with { DetectionDirection = ParseEnum<DetectionDirection>(key, v) },
            "min_dev_from_expected" => options with { MinDevFromExpected = ParseDouble(key, v) },
            "min_rel_dev_from_expected" => options with { MinRelDevFromExpected = ParseDouble(key, v) },
            "growth" => options with { Growth = ParseEnum<Growth>(key, v) },
            "n_changepoints" => options with { NChangepoints = ParseInt(key, v) },
            "changepoint_range" => options with { ChangepointRange = ParseDouble(key, v) },
            "changepoint_prior_scale" => options with { ChangepointPriorScale = ParseDouble(key, v) },
            "seasonality_mode" => options with { SeasonalityMode = ParseEnum<SeasonalityMode>(key, v) },
            "seasonality_prior_scale" => options with { SeasonalityPriorScale = ParseDouble(key, v) },
            "holidays_prior_scale" => options with { HolidaysPriorScale = ParseDouble(key, v) },
            "daily_seasonality" => options with { DailySeasonality = ParseOrder(key, v) },
            "weekly_seasonality" => options with { WeeklySeasonality = ParseOrder(key, v) },
            "time_zone" => options with { TimeZone = v },
            "ewma_half_life" => options with { EwmaHalfLifeSeconds = ParseSeconds(key, v) },
            "level_shift" => options with { LevelShiftSeconds = ParseSeconds(key, v) },
            _ => throw new ArgumentException($"unknown model key '{key}' (known: {string.Join(", ", Keys)})"),
        };
    }

    /// <summary><c>SeasonalBaseline</c> → <c>seasonal_baseline</c>.</summary>
    public static string SnakeCase(string pascal)
    {
        ArgumentNullException.ThrowIfNull(pascal);
        var sb = new System.Text.StringBuilder(pascal.Length + 4);
        for (int i = 0; i < pascal.Length; i++)
        {
            char c = pascal[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static T ParseEnum<T>(string key, string v)
        where T : struct, Enum
    {
        foreach (T candidate in Enum.GetValues<T>())
        {
            string name = candidate.ToString();
            if (string.Equals(SnakeCase(name), v, StringComparison.OrdinalIgnoreCase) || string.Equals(name, v, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        string allowed = string.Join("|", Enum.GetValues<T>().Select(x => SnakeCase(x.ToString())));
        throw new ArgumentException($"{key}: '{v}' is not one of {allowed}");
    }

    private static double ParseDouble(string key, string v) =>
        double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d)
            ? d
            : throw new ArgumentException($"{key}: '{v}' is not a number");

    private static double ParseWidth(string key, string v)
    {
        double d = ParseDouble(key, v);
        return d is > 0 and < 1 ? d : throw new ArgumentException($"{key}: {v} must lie strictly between 0 and 1");
    }

    private static int ParseInt(string key, string v) =>
        int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i) && i >= 0
            ? i
            : throw new ArgumentException($"{key}: '{v}' is not a non-negative integer");

    // A Prometheus duration (1h30m, 90s, 2d) or plain seconds.
    private static double ParseSeconds(string key, string v)
    {
        if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double plain) && plain >= 0 && double.IsFinite(plain))
        {
            return plain;
        }

        var m = System.Text.RegularExpressions.Regex.Match(v, @"^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$");
        if (v.Length == 0 || !m.Success)
        {
            throw new ArgumentException($"{key}: '{v}' is not a duration (e.g. 30m, 1h30m, 2d) or a number of seconds");
        }

        double[] unit = [604800, 86400, 3600, 60, 1, 0.001];
        double total = 0;
        for (int g = 1; g <= 6; g++)
        {
            if (m.Groups[g].Success)
            {
                total += double.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture) * unit[g - 1];
            }
        }

        return total;
    }

    private static int? ParseOrder(string key, string v) =>
        string.Equals(v, "auto", StringComparison.OrdinalIgnoreCase) ? null : ParseInt(key, v);
}
