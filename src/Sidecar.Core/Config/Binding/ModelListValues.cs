using System.Globalization;
using Sidecar.Models;
using Sidecar.Models.Features;
using YamlDotNet.RepresentationModel;

namespace Sidecar.Config.Binding;

/// <summary>Readers for the list values of <c>model:</c> keys: seasonalities, holidays, holiday calendars, exclusions.</summary>
internal static class ModelListValues
{
    internal static readonly string[] SeasonalityKeys = ["name", "period", "fourier_order", "prior_scale", "condition"];
    internal static readonly string[] HolidayKeys = ["name", "dates", "lower_window", "upper_window", "prior_scale"];
    internal static readonly string[] ExcludeKeys = ["start", "end"];
    private static readonly string[] Rfc3339 = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    public static bool Seasonalities(BindContext context, YamlNode node, string path, out IReadOnlyList<SeasonalityOptions> value)
    {
        var list = new List<SeasonalityOptions>();
        value = list;
        var ok = context.ForEachSection(node, path, SeasonalityKeys, (s, itemPath) =>
        {
            var good = context.Required(s, "name", Scalars.NonEmptyString, out string name);
            good &= context.Required(s, "period", ModelValues.PositiveDuration, out TimeSpan period);
            good &= context.Required(s, "fourier_order", ModelValues.FourierOrderValue, out int order);
            var priorScale = 10.0;
            good &= s["prior_scale"] is not { } ps || ModelValues.Positive(context, ps, s.PathOf("prior_scale"), out priorScale);
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
        return context.ForEachSection(node, path, HolidayKeys, (s, itemPath) =>
        {
            var good = context.Required(s, "name", Scalars.NonEmptyString, out string name);
            good &= context.Required(s, "dates", Dates, out IReadOnlyList<DateOnly> dates);
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

            good &= s["prior_scale"] is not { } ps || ModelValues.Positive(context, ps, s.PathOf("prior_scale"), out priorScale);
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
        return context.ForEachSection(node, path, ExcludeKeys, (s, itemPath) =>
        {
            var good = context.Required(s, "start", Timestamp, out DateTimeOffset start);
            good &= context.Required(s, "end", Timestamp, out DateTimeOffset end);
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
}
