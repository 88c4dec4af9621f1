using Sidecar.Models.Bands;
using Sidecar.Models.Level;

namespace Sidecar.Models.Ewma;

/// <summary>
/// Fits <see cref="EwmaModel"/>: the robust local level of <see cref="LevelTracker"/> on the values
/// themselves, with a band from the errors of that level held flat for <see cref="BandHorizonMs"/>.
/// </summary>
internal static class EwmaFitter
{
    /// <summary>How long a fitted model is used before the next fit (the sidecar's default <c>fit_every</c>).</summary>
    public const double BandHorizonMs = 3600e3;

    public static EwmaModel Fit(ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> values, ModelOptions options, ReadOnlySpan<bool> excluded)
    {
        var usable = Usable(values, excluded);
        if (!usable.Any(double.IsFinite))
        {
            return new EwmaModel(options, double.NaN, new Band(0, 0, 0, []));
        }

        var track = LevelTracker.Track(timestampsMs, usable, Math.Max(options.EwmaHalfLifeSeconds, 1) * 1000, options.LevelShiftSeconds * 1000, BandHorizonMs);
        var band = BandCalibration.Calibrate(track.Errors, usable, timestampsMs, [], options, 1, ScaleFloor(track.FinalLevel))
            .WithHorizon(timestampsMs[^1], HorizonWidening.Calibrate(timestampsMs, usable, track.Errors, track.Levels));
        return new EwmaModel(options, track.FinalLevel, band);
    }

    /// <summary>Values with excluded and non-finite points replaced by NaN.</summary>
    internal static double[] Usable(ReadOnlySpan<double> values, ReadOnlySpan<bool> excluded)
    {
        var usable = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            usable[i] = double.IsFinite(values[i]) && (excluded.IsEmpty || !excluded[i]) ? values[i] : double.NaN;
        }

        return usable;
    }

    /// <summary>A band never narrower than a millionth of the level, so a constant series does not score infinity on a rounding blip.</summary>
    internal static double ScaleFloor(double level) => Math.Abs(level) * 1e-6;
}
