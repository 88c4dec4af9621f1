using System.Globalization;
using Sidecar.Text;
using YamlDotNet.RepresentationModel;

namespace Sidecar.Config.Binding;

/// <summary>Readers for the scalar values of <c>model:</c> keys and other settings (ranges, time zones, Fourier orders).</summary>
internal static class ModelValues
{
    public static readonly ValueParser<double> OpenUnitInterval = InRange(v => v is > 0 and < 1, "must be between 0 and 1, exclusive");

    public static readonly ValueParser<double> UnitIntervalOpenBelow = InRange(v => v is > 0 and <= 1, "must be greater than 0 and at most 1");

    public static readonly ValueParser<double> NonNegative = InRange(v => v >= 0, "must not be negative");

    public static readonly ValueParser<double> Positive = InRange(v => v > 0, "must be greater than 0");

    public static readonly ValueParser<int> NonNegativeInt = Scalars.Checked<int>(Scalars.Int, v => v >= 0, (v, _) => $"must not be negative, got {v}");

    public static readonly ValueParser<int> PositiveInt = Scalars.Checked<int>(Scalars.Int, v => v > 0, (v, _) => $"must be at least 1, got {v}");

    public static readonly ValueParser<TimeSpan> PositiveDuration = Scalars.Checked<TimeSpan>(Scalars.Duration, v => v > TimeSpan.Zero, (_, _) => "must be greater than 0");

    /// <summary>An IANA time zone name known to this system's time zone database.</summary>
    public static readonly ValueParser<string> TimeZone = Scalars.Checked<string>(
        Scalars.NonEmptyString,
        v => TimeZoneInfo.TryFindSystemTimeZoneById(v, out _),
        (v, _) => $"unknown IANA time zone \"{v}\"{Suggest.Hint(v, TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id))} (e.g. UTC, Europe/Berlin, America/New_York)");

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

    private static ValueParser<double> InRange(Func<double, bool> valid, string rule) =>
        Scalars.Checked<double>(Scalars.Double, valid, (_, written) => $"{rule}, got {written}");
}
