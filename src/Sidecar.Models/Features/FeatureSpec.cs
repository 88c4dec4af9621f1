namespace Sidecar.Models.Features;

/// <summary>
/// The compiled layout of a Prophet-style design matrix: trend scaling and changepoints, Fourier
/// seasonalities and holiday indicators. Columns are ordered
/// [intercept, slope, changepoint ramps…, seasonal sin/cos…, holiday indicators…]; with a flat trend only the
/// intercept is present. Immutable; thread-safe except that building rows needs a per-call
/// <see cref="LocalClock"/>.
/// </summary>
internal sealed class FeatureSpec
{
    public FeatureSpec(
        string timeZone,
        long originMs,
        double spanMs,
        bool flatTrend,
        double[] changepoints,
        SeasonalTerm[] seasonalities,
        HolidayTerm[] holidays)
    {
        TimeZone = timeZone;
        OriginMs = originMs;
        SpanMs = spanMs > 0 ? spanMs : 1;
        FlatTrend = flatTrend;
        Changepoints = flatTrend ? [] : changepoints;
        Seasonalities = seasonalities;
        Holidays = holidays;
        TrendColumns = flatTrend ? 1 : 2 + Changepoints.Length;
        var seasonal = 0;
        foreach (var s in seasonalities)
        {
            seasonal += 2 * s.Order;
        }

        SeasonalColumns = seasonal;
        Columns = TrendColumns + seasonal + holidays.Length;
    }

    /// <summary>IANA zone in which seasonal phase and holiday dates are evaluated.</summary>
    public string TimeZone { get; }

    /// <summary>Timestamp (unix ms) where scaled trend time is 0: the first fitted point.</summary>
    public long OriginMs { get; }

    /// <summary>Milliseconds per unit of scaled trend time: the fitted history's span.</summary>
    public double SpanMs { get; }

    /// <summary>True when the trend is a constant level.</summary>
    public bool FlatTrend { get; }

    /// <summary>Changepoint locations in scaled time (0 = first point, 1 = last point).</summary>
    public double[] Changepoints { get; }

    /// <summary>Seasonal terms in column order.</summary>
    public SeasonalTerm[] Seasonalities { get; }

    /// <summary>Holiday columns in order.</summary>
    public HolidayTerm[] Holidays { get; }

    /// <summary>Number of trend columns (1 for flat, else 2 + changepoints).</summary>
    public int TrendColumns { get; }

    /// <summary>Number of Fourier columns.</summary>
    public int SeasonalColumns { get; }

    /// <summary>All columns.</summary>
    public int Columns { get; }

    /// <summary>Scaled trend time of a timestamp.</summary>
    public double ScaledTime(long timestampMs) => (timestampMs - OriginMs) / SpanMs;

    /// <summary>Builds the row-major design matrix for <paramref name="timestampsMs"/>.</summary>
    public double[] Build(ReadOnlySpan<long> timestampsMs)
    {
        var p = Columns;
        var x = new double[timestampsMs.Length * p];
        var clock = LocalClock.For(TimeZone);
        var state = new RowState();
        for (var i = 0; i < timestampsMs.Length; i++)
        {
            FillRow(clock, timestampsMs[i], x.AsSpan(i * p, p), ref state);
        }

        return x;
    }

    /// <summary>Fills one design row. <paramref name="state"/> caches per-day holiday lookups between calls.</summary>
    public void FillRow(LocalClock clock, long timestampMs, Span<double> row, ref RowState state)
    {
        var t = ScaledTime(timestampMs);
        row[0] = 1.0;
        if (!FlatTrend)
        {
            row[1] = t;
            for (var j = 0; j < Changepoints.Length; j++)
            {
                var d = t - Changepoints[j];
                row[2 + j] = d > 0 ? d : 0;
            }
        }

        var local = clock.LocalSeconds(timestampMs);
        var day = (long)Math.Floor(local / LocalClock.SecondsPerDay);
        var c = TrendColumns;
        FillSeasonal(local, day, row.Slice(c, SeasonalColumns));
        c += SeasonalColumns;
        if (Holidays.Length > 0)
        {
            if (day != state.Day || state.Flags is null)
            {
                state.Day = day;
                state.Flags ??= new double[Holidays.Length];
                for (var h = 0; h < Holidays.Length; h++)
                {
                    state.Flags[h] = Holidays[h].Contains(day) ? 1.0 : 0.0;
                }
            }

            state.Flags.AsSpan().CopyTo(row[c..]);
        }
    }

    /// <summary>Fourier columns at local time <paramref name="localSeconds"/> (local day <paramref name="localDay"/>).</summary>
    public void FillSeasonal(double localSeconds, long localDay, Span<double> dest)
    {
        var c = 0;
        foreach (var s in Seasonalities)
        {
            var on = s.Condition switch
            {
                SeasonalityCondition.Weekday => LocalClock.DayOfWeek(localDay) is >= 1 and <= 5,
                SeasonalityCondition.Weekend => LocalClock.DayOfWeek(localDay) is 0 or 6,
                _ => true,
            };
            if (!on)
            {
                dest.Slice(c, 2 * s.Order).Clear();
                c += 2 * s.Order;
                continue;
            }

            var cycles = localSeconds / s.PeriodSeconds;
            var theta = 2 * Math.PI * (cycles - Math.Floor(cycles));
            var (s1, c1) = Math.SinCos(theta);
            double sk = s1, ck = c1;
            for (var k = 0; k < s.Order; k++)
            {
                dest[c++] = sk;
                dest[c++] = ck;
                // angle addition: (k+1)θ from kθ and θ
                var next = (sk * c1) + (ck * s1);
                ck = (ck * c1) - (sk * s1);
                sk = next;
            }
        }
    }

    /// <summary>
    /// Prior precision per column relative to the data scale: 1/(2·τ²) for changepoints (the variance of
    /// a Laplace(τ) prior, as a ridge), 1/σ² for seasonal and holiday columns, and a negligible value for the
    /// unpenalised intercept and slope so the system stays positive definite.
    /// </summary>
    public double[] PriorPrecision(double changepointPriorScale)
    {
        var lambda = new double[Columns];
        lambda[0] = 1e-6;
        if (!FlatTrend)
        {
            lambda[1] = 1e-6;
            var cp = 1.0 / (2 * changepointPriorScale * changepointPriorScale);
            for (var j = 0; j < Changepoints.Length; j++)
            {
                lambda[2 + j] = cp;
            }
        }

        var c = TrendColumns;
        foreach (var s in Seasonalities)
        {
            for (var k = 0; k < 2 * s.Order; k++)
            {
                lambda[c++] = 1.0 / (s.PriorScale * s.PriorScale);
            }
        }

        foreach (var h in Holidays)
        {
            lambda[c++] = 1.0 / (h.PriorScale * h.PriorScale);
        }

        return lambda;
    }

    /// <summary>Per-call cache of the holiday flags of the current local day.</summary>
    public struct RowState
    {
        public RowState()
        {
        }

        public long Day { get; set; } = long.MinValue;

        public double[]? Flags { get; set; }
    }
}
