using System.Globalization;
using Sidecar.Models;
using YamlDotNet.RepresentationModel;

namespace Sidecar.Config;

/// <summary>Readers for the scalar values of <c>model:</c> keys and other settings (ranges, time zones, Fourier orders).</summary>
internal static class ModelValues
{

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
