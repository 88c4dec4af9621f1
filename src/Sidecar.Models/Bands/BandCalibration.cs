namespace Sidecar.Models.Bands;

/// <summary>
/// Calibrates a fitted model's <see cref="Band"/> on its out-of-sample errors, the same way for every model kind: the
/// band itself (<see cref="BandEstimator"/>), without the past incidents it flags (<see cref="IncidentMask"/>), widened
/// to cover the declared <c>expected</c> windows, floored for never-negative series, and with its sustained-deviation
/// limits calibrated on the same errors as the band.
/// </summary>
internal static class BandCalibration
{
    /// <summary>
    /// The band for <paramref name="errors"/> (value − the prediction made an hour before, NaN where none) of
    /// <paramref name="values"/> (NaN where unusable). <paramref name="localSeconds"/> (empty when the
    /// model has no local clock) places each error on the band's day profile, if it has one. <paramref name="scaleFloor"/> is the least scale, in the series' units.
    /// </summary>
    public static Band Calibrate(ReadOnlySpan<double> errors, ReadOnlySpan<double> values, ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> localSeconds, ModelOptions options, int profileBins, double scaleFloor)
    {
        var (band, masked) = BandEstimator.EstimateWithoutIncidents(errors, localSeconds, options.IntervalWidth, profileBins, 1.0, scaleFloor);
        band = band.Covering(errors, timestampsMs, localSeconds, options.Expected).WithFloorOf(values);
        return BandEstimator.Sustained(band, timestampsMs, masked ?? errors, localSeconds, options.IntervalWidth, options.SustainedWindowSeconds * 1000);
    }
}
