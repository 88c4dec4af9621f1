using Sidecar.Models.Bands;
using Sidecar.Models.Features;

namespace Sidecar.Models.Serialization;

/// <summary>Writes and reads the parts fitted models are made of: bands and Prophet feature layouts.</summary>
internal static class ComponentCodec
{
    public static void WriteBand(FieldWriter w, Band band)
    {
        w.Double(band.Scale);
        w.Double(band.LowQuantile);
        w.Double(band.HighQuantile);
        w.Doubles(band.DayProfile);
        w.Double(band.Floor);
        w.Double(band.SustainedLow);
        w.Double(band.SustainedHigh);
        w.Long(band.FitEndMs);
        w.Doubles(band.HorizonFactors);
    }

    /// <summary>
    /// Reads a band; format 3 added its floor (earlier bands have none, −∞), format 4 its sustained-deviation limits
    /// (earlier bands have none, +∞: a model restored from an older state scores points alone until its next fit),
    /// format 5 its fit end and horizon factors (earlier bands have none: no widening ahead, the band as it was).
    /// </summary>
    /// <exception cref="ModelFormatException">A horizon factor that is not finite and at least 1, or more factors than horizons.</exception>
    public static Band ReadBand(ref FieldReader r, int version)
    {
        var scale = r.Double();
        var low = r.Double();
        var high = r.Double();
        var profile = r.Doubles();
        var floor = version >= 3 ? r.Double() : double.NegativeInfinity;
        var sustainedLow = version >= 4 ? r.Double() : double.PositiveInfinity;
        var sustainedHigh = version >= 4 ? r.Double() : double.PositiveInfinity;
        if (version < 5)
        {
            return new Band(scale, low, high, profile, floor, sustainedLow, sustainedHigh);
        }

        var fitEnd = r.Long();
        var factors = r.Doubles();
        if (factors.Length > HorizonWidening.HorizonsMs.Length || factors.Any(f => !double.IsFinite(f) || f < 1))
        {
            throw new ModelFormatException($"invalid horizon factors in band ({factors.Length} values, at most {HorizonWidening.HorizonsMs.Length}, each finite and ≥ 1)");
        }

        return new Band(scale, low, high, profile, floor, sustainedLow, sustainedHigh, fitEnd, factors);
    }

    public static void WriteSpec(FieldWriter w, FeatureSpec spec)
    {
        w.String(spec.TimeZone);
        w.Long(spec.OriginMs);
        w.Double(spec.SpanMs);
        w.Bool(spec.FlatTrend);
        w.Doubles(spec.Changepoints);
        w.Int(spec.Seasonalities.Length);
        foreach (var s in spec.Seasonalities)
        {
            w.Double(s.PeriodSeconds);
            w.Int(s.Order);
            w.Double(s.PriorScale);
            w.Byte((byte)s.Condition);
        }

        w.Int(spec.Holidays.Length);
        foreach (var h in spec.Holidays)
        {
            w.String(h.Name);
            w.Int(h.Offset);
            w.Longs(h.Days);
            w.Double(h.PriorScale);
        }
    }

    public static FeatureSpec ReadSpec(ref FieldReader r)
    {
        var zone = r.String();
        _ = LocalClock.For(zone); // an unknown zone is corrupt input here, not a caller error
        var origin = r.Long();
        var span = r.Double();
        var flat = r.Bool();
        var changepoints = r.Doubles();
        var seasonal = new SeasonalTerm[r.Count(21)];
        for (var i = 0; i < seasonal.Length; i++)
        {
            var period = r.Double();
            var order = r.Int();
            if (order is < 0 or > 1000 || !(period > 0))
            {
                throw new ModelFormatException($"invalid seasonality (period {period}, order {order})");
            }

            seasonal[i] = new SeasonalTerm(period, order, r.Double(), r.Enum<SeasonalityCondition>());
        }

        var holidays = new HolidayTerm[r.Count(20)];
        for (var i = 0; i < holidays.Length; i++)
        {
            holidays[i] = new HolidayTerm(r.String(), r.Int(), r.Longs(), r.Double());
        }

        if (!(span > 0))
        {
            throw new ModelFormatException($"invalid trend span {span}");
        }

        return new FeatureSpec(zone, origin, span, flat, changepoints, seasonal, holidays);
    }
}
