using System.Globalization;
using Sidecar.Models;
using Sidecar.Models.Features;
using YamlDotNet.RepresentationModel;

namespace Sidecar.Config;

/// <summary>Readers for the values of <c>model:</c> keys (ranges, time zones, seasonalities, holidays, exclusions).</summary>
internal static class ModelValues
{
    private static readonly string[] SeasonalityKeys = ["name", "period", "fourier_order", "prior_scale", "condition"];
    private static readonly string[] HolidayKeys = ["name", "dates", "lower_window", "upper_window", "prior_scale"];
    private static readonly string[] ExcludeKeys = ["start", "end"];
    private static readonly string[] Rfc3339 = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    public static bool OpenUnitInterval(BindContext context, YamlNode node, string path, out double value) =>
        InRange(context, node, path, out value, v => v is > 0 and < 1, "must be between 0 and 1, exclusive");

    public static bool UnitIntervalOpenBelow(BindContext context, YamlNode node, string path, out double value) =>
        InRange(context, node, path, out value, v => v is > 0 and <= 1, "must be greater than 0 and at most 1");

    public static bool NonNegative(BindContext context, YamlNode node, string path, out double value) =>
        InRange(context, node, path, out value, v => v >= 0, "must not be negative");

    public static bool Positive(BindContext context, YamlNode node, string path, out double value) =>
        InRange(context, node, path, out value, v => v > 0, "must be greater than 0");

    public static bool NonNegativeInt(BindContext context, YamlNode node, string path, out int value)
    {
        if (!Scalars.Int(context, node, path, out value))
        {
            return false;
        }

        if (value >= 0)
        {
            return true;
        }

        context.Error(node, $"{path}: must not be negative, got {value}");
        return false;
    }

    /// <summary>An IANA time zone name known to this system's time zone database.</summary>
    public static bool TimeZone(BindContext context, YamlNode node, string path, out string value)
    {
        if (!Scalars.NonEmptyString(context, node, path, out value))
        {
            return false;
        }

        if (TimeZoneInfo.TryFindSystemTimeZoneById(value, out _))
        {
            return true;
        }

        var known = TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id);
        context.Error(node, $"{path}: unknown IANA time zone \"{value}\"{Suggest.Hint(value, known)} (e.g. UTC, Europe/Berlin, America/New_York)");
        return false;
    }

    /// <summary>A Fourier order (≥ 0, 0 = off), <c>auto</c> (null), <c>false</c> (0) or <c>true</c> (<paramref name="defaultOrder"/>).</summary>
    public static ValueParser<int?> FourierOrder(int defaultOrder) =>
        (BindContext context, YamlNode node, string path, out int? value) =>
        {
            value = null;
            switch ((node as YamlScalarNode)?.Value)
            {
                case "auto":
                    return true;
                case "true":
                    value = defaultOrder;
                    return true;
                case "false":
                    value = 0;
                    return true;
            }

            if (node is YamlScalarNode { Value: { } text } && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var order))
            {
                value = order;
                return true;
            }

            context.Error(node, $"{path}: expected a Fourier order (0 switches it off), auto, true or false, got {BindContext.Describe(node)}");
            return false;
        };

    public static bool Seasonalities(BindContext context, YamlNode node, string path, out IReadOnlyList<SeasonalityOptions> value)
    {
        var list = new List<SeasonalityOptions>();
        value = list;
        var ok = ForEachSection(context, node, path, SeasonalityKeys, (s, itemPath) =>
        {
            var good = Required(context, s, "name", Scalars.NonEmptyString, out string name);
            good &= Required(context, s, "period", PositiveDuration, out TimeSpan period);
            good &= Required(context, s, "fourier_order", PositiveInt, out int order);
            var priorScale = 10.0;
            good &= s["prior_scale"] is not { } ps || Positive(context, ps, s.PathOf("prior_scale"), out priorScale);
            var condition = SeasonalityCondition.None;
            good &= s["condition"] is not { } cn || Scalars.Enum(context, cn, s.PathOf("condition"), out condition);
            if (good && list.Any(x => x.Name == name))
            {
                context.Error(s["name"]!, $"{s.PathOf("name")}: seasonality \"{name}\" is defined twice");
                return false;
            }

            if (good)
            {
                list.Add(new SeasonalityOptions(name, period.TotalSeconds, order, priorScale, condition));
            }

            return good;
        });
        return ok;
    }

    public static bool Holidays(BindContext context, YamlNode node, string path, out IReadOnlyList<HolidayOptions> value)
    {
        var list = new List<HolidayOptions>();
        value = list;
        return ForEachSection(context, node, path, HolidayKeys, (s, itemPath) =>
        {
            var good = Required(context, s, "name", Scalars.NonEmptyString, out string name);
            good &= Required(context, s, "dates", Dates, out IReadOnlyList<DateOnly> dates);
            var lower = 0;
            var upper = 0;
            var priorScale = 10.0;
            if (s["lower_window"] is { } lw && Scalars.Int(context, lw, s.PathOf("lower_window"), out lower) && lower > 0)
            {
                context.Error(lw, $"{s.PathOf("lower_window")}: days before the holiday are counted as 0 or negative, got {lower}");
                good = false;
            }

            if (s["upper_window"] is { } uw && Scalars.Int(context, uw, s.PathOf("upper_window"), out upper) && upper < 0)
            {
                context.Error(uw, $"{s.PathOf("upper_window")}: must not be negative, got {upper}");
                good = false;
            }

            good &= s["prior_scale"] is not { } ps || Positive(context, ps, s.PathOf("prior_scale"), out priorScale);
            if (good)
            {
                list.Add(new HolidayOptions(name, dates, lower, upper, priorScale));
            }

            return good;
        });
    }

    public static bool HolidayCountries(BindContext context, YamlNode node, string path, out IReadOnlyList<string> value)
    {
        if (!Scalars.StringList(context, node, path, out value))
        {
            return false;
        }

        var ok = true;
        var items = ((YamlSequenceNode)node).Children;
        for (var i = 0; i < value.Count; i++)
        {
            if (!HolidayCalendars.IsSupported(value[i]))
            {
                context.Error(items[i],
                    $"{path}[{i}]: no built-in holiday calendar for \"{value[i]}\"{(value[i].Equals("UK", StringComparison.OrdinalIgnoreCase) ? " (the United Kingdom is GB)" : "")} (country codes: {string.Join(", ", HolidayCalendars.Countries)})");
                ok = false;
            }
        }

        value = value.Select(c => c.ToUpperInvariant()).ToArray();
        return ok;
    }

    public static bool Exclude(BindContext context, YamlNode node, string path, out IReadOnlyList<TimeRange> value)
    {
        var list = new List<TimeRange>();
        value = list;
        return ForEachSection(context, node, path, ExcludeKeys, (s, itemPath) =>
        {
            var good = Required(context, s, "start", Timestamp, out DateTimeOffset start);
            good &= Required(context, s, "end", Timestamp, out DateTimeOffset end);
            if (good && end <= start)
            {
                context.Error(s["end"]!, $"{s.PathOf("end")}: must be after start");
                return false;
            }

            if (good)
            {
                list.Add(new TimeRange(start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds()));
            }

            return good;
        });
    }

    public static bool PositiveDuration(BindContext context, YamlNode node, string path, out TimeSpan value)
    {
        if (!Scalars.Duration(context, node, path, out value))
        {
            return false;
        }

        if (value > TimeSpan.Zero)
        {
            return true;
        }

        context.Error(node, $"{path}: must be greater than 0");
        return false;
    }

    public static bool PositiveInt(BindContext context, YamlNode node, string path, out int value)
    {
        if (!Scalars.Int(context, node, path, out value))
        {
            return false;
        }

        if (value > 0)
        {
            return true;
        }

        context.Error(node, $"{path}: must be at least 1, got {value}");
        return false;
    }

    /// <summary>An RFC 3339 timestamp with an explicit offset, e.g. <c>2025-03-01T00:00:00Z</c>.</summary>
    public static bool Timestamp(BindContext context, YamlNode node, string path, out DateTimeOffset value)
    {
        value = default;
        if (!Scalars.String(context, node, path, out var text))
        {
            return false;
        }

        if (DateTimeOffset.TryParseExact(text, Rfc3339, CultureInfo.InvariantCulture, DateTimeStyles.None, out value)
            && (text.EndsWith('Z') || text.EndsWith('z') || text.Length > 19 && text[^6] is '+' or '-'))
        {
            return true;
        }

        context.Error(node, $"{path}: invalid RFC 3339 timestamp \"{text}\" (e.g. 2025-03-01T14:00:00Z or 2025-03-01T15:00:00+01:00)");
        return false;
    }

    /// <summary>Reads each mapping of a list with <paramref name="bind"/>; false when any item was bad.</summary>
    internal static bool ForEachSection(BindContext context, YamlNode node, string path, IReadOnlyCollection<string> keys,
        Func<YamlSection, string, bool> bind)
    {
        if (context.Sequence(node, path) is not { } items)
        {
            return false;
        }

        var ok = true;
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            ok &= context.Section(items[i], itemPath, keys) is { } section && bind(section, itemPath);
        }

        return ok;
    }

    /// <summary>Reads a key that must be present; reports it missing at the mapping.</summary>
    internal static bool Required<T>(BindContext context, YamlSection section, string key, ValueParser<T> parse, out T value)
    {
        value = default!;
        if (section[key] is { } node)
        {
            return parse(context, node, section.PathOf(key), out value);
        }

        context.Error(section.Node, $"{section.Path}: missing required key \"{key}\"");
        return false;
    }

    private static bool Dates(BindContext context, YamlNode node, string path, out IReadOnlyList<DateOnly> value)
    {
        var list = new List<DateOnly>();
        value = list;
        if (!Scalars.StringList(context, node, path, out var texts))
        {
            return false;
        }

        var ok = texts.Count > 0;
        if (!ok)
        {
            context.Error(node, $"{path}: give at least one date");
        }

        var items = ((YamlSequenceNode)node).Children;
        for (var i = 0; i < texts.Count; i++)
        {
            if (DateOnly.TryParseExact(texts[i], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                list.Add(date);
            }
            else
            {
                context.Error(items[i], $"{path}[{i}]: invalid date \"{texts[i]}\" (expected YYYY-MM-DD)");
                ok = false;
            }
        }

        return ok;
    }

    private static bool InRange(BindContext context, YamlNode node, string path, out double value, Func<double, bool> valid, string rule)
    {
        if (!Scalars.Double(context, node, path, out value))
        {
            return false;
        }

        if (valid(value))
        {
            return true;
        }

        context.Error(node, $"{path}: {rule}, got {((YamlScalarNode)node).Value}");
        return false;
    }
}
