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

    /// <summary>Most changepoints a trend may have: each is a column of the design matrix.</summary>
    public const int MaxChangepoints = 1000;

    /// <summary>Highest Fourier order of a seasonality: each order is two columns of the design matrix.</summary>
    public const int MaxFourierOrder = 100;

    /// <summary>Most series one selector may model.</summary>
    public const int MaxSeriesBound = 1_000_000;

    public static readonly ValueParser<int> Changepoints = Scalars.Checked<int>(
        Scalars.Int, v => v is >= 0 and <= MaxChangepoints, (v, _) => $"must be between 0 and {MaxChangepoints} (each changepoint is a column of every fit), got {v}");

    public static readonly ValueParser<int> FourierOrderValue = Scalars.Checked<int>(
        Scalars.Int, v => v is >= 1 and <= MaxFourierOrder, (v, _) => $"must be between 1 and {MaxFourierOrder} (each order is two columns of every fit), got {v}");

    public static readonly ValueParser<int> MaxSeries = Scalars.Checked<int>(
        Scalars.Int, v => v is >= 1 and <= MaxSeriesBound, (v, _) => $"must be between 1 and {MaxSeriesBound}, got {v}");

    /// <summary>The grid step: at least 1s, as Prometheus's own resolution of a useful range query.</summary>
    public static readonly ValueParser<TimeSpan> Step = Scalars.Checked<TimeSpan>(
        Scalars.Duration, v => v >= TimeSpan.FromSeconds(1), (_, _) => "must be at least 1s (a finer grid only multiplies the points every fit holds)");

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
                if (order > MaxFourierOrder)
                {
                    context.Error(node, $"{path}: must be at most {MaxFourierOrder} (each order is two columns of every fit), got {order}");
                    return false;
                }

                value = order;
                return true;
            }

            context.Error(node, $"{path}: expected a Fourier order (0 switches it off), auto, true or false, got {BindContext.Describe(node)}");
            return false;
        };

    private static ValueParser<double> InRange(Func<double, bool> valid, string rule) =>
        Scalars.Checked<double>(Scalars.Double, valid, (_, written) => $"{rule}, got {written}");
}
