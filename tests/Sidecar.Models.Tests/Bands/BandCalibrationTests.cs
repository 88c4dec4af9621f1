using Sidecar.Models.Evaluation;

namespace Sidecar.Models.Tests.Bands;

/// <summary>
/// Bands must hold their nominal width on held-out normal data, replayed the way the sidecar uses models:
/// refit every hour on the trailing 14 days, each point predicted by a model fitted only on earlier points.
/// </summary>
public sealed class BandCalibrationTests
{
    public static TheoryData<ModelKind, double> Cases => new()
    {
        { ModelKind.Prophet, 0.95 },
        { ModelKind.Prophet, 0.99 },
        { ModelKind.SeasonalBaseline, 0.95 },
        { ModelKind.SeasonalBaseline, 0.99 },
        { ModelKind.Auto, 0.95 },
        { ModelKind.Auto, 0.99 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Replay_HeldOutNormalData_CoverageWithinTwoPoints(ModelKind kind, double width)
    {
        var (ts, y) = Heteroscedastic(17 * 1440, seed: 21);

        var coverage = ReplayCoverage(ts, y, kind, width, TimeSpan.FromDays(14));

        Assert.InRange(coverage, width - 0.02, width + 0.02);
    }

    [Theory]
    [InlineData(0.95)]
    [InlineData(0.99)]
    public void Replay_NonSeasonalRandomWalk_EwmaCoverageWithinTwoPoints(double width)
    {
        var n = 10 * 288;
        var ts = Synthetic.Grid(Synthetic.Start, n, 5 * Synthetic.Minute);
        var z = Synthetic.Gaussian(2 * n, 22);
        var y = new double[n];
        var level = 50.0;
        for (var i = 0; i < n; i++)
        {
            level += 0.05 * z[n + i];
            y[i] = level + z[i];
        }

        var coverage = ReplayCoverage(ts, y, ModelKind.Ewma, width, TimeSpan.FromDays(7));

        Assert.InRange(coverage, width - 0.02, width + 0.02);
    }

    [Theory]
    [InlineData(ModelKind.Prophet)]
    [InlineData(ModelKind.SeasonalBaseline)]
    public void Fit_NoiseLargerAtPeak_BandNarrowerAtNightWiderAtPeak(ModelKind kind)
    {
        var (ts, y) = Heteroscedastic(14 * 1440, seed: 23);
        var model = ModelFitter.Fit(ts, y, new ModelOptions { Kind = kind, IntervalWidth = 0.99 });
        // 03:00 UTC (quiet, noise sd 1) and 15:00 UTC (peak, noise sd 5) of the next day
        long[] at = [ts[^1] + Synthetic.Minute + (3 * Synthetic.Hour), ts[^1] + Synthetic.Minute + (15 * Synthetic.Hour)];

        var (_, lower, upper) = Synthetic.Predict(model, at);

        var night = upper[0] - lower[0];
        var peak = upper[1] - lower[1];
        Assert.True(night < 0.5 * peak, $"night width {night:F2} vs peak width {peak:F2}");
    }

    [Theory]
    [InlineData(ModelKind.Auto)]
    [InlineData(ModelKind.Prophet)]
    [InlineData(ModelKind.SeasonalBaseline)]
    public void Fit_ShortOutageInTheWindow_BandAsNarrowAsWithout(ModelKind kind)
    {
        // a 20-minute drop to a tenth, too short to be a level shift: the default 0.9999 band must not widen
        // to cover it, or the next two weeks could not see a drop to half
        var ts = Synthetic.Grid(Synthetic.Start, 14 * 1440, Synthetic.Minute);
        var clean = Synthetic.Daily(ts, noise: 2, seed: 41);
        var outage = (double[])clean.Clone();
        for (var i = (10 * 1440) + 600; i < (10 * 1440) + 620; i++)
        {
            outage[i] *= 0.1;
        }

        var options = new ModelOptions { Kind = kind };
        long[] at = [ts[^1] + Synthetic.Hour];
        var (_, cleanLower, cleanUpper) = Synthetic.Predict(ModelFitter.Fit(ts, clean, options), at);
        var (_, lower, upper) = Synthetic.Predict(ModelFitter.Fit(ts, outage, options), at);

        var widthClean = cleanUpper[0] - cleanLower[0];
        var width = upper[0] - lower[0];
        Assert.True(width < 1.25 * widthClean, $"band {width:F1} wide with the outage, {widthClean:F1} without");
    }

    /// <summary>Daily cycle with noise sd 1 at night rising to 5 at the 15:00 UTC peak.</summary>
    internal static (long[] Ts, double[] Y) Heteroscedastic(int minutes, int seed)
    {
        var ts = Synthetic.Grid(Synthetic.Start, minutes, Synthetic.Minute);
        var z = Synthetic.Gaussian(minutes, seed);
        var y = new double[minutes];
        for (var i = 0; i < minutes; i++)
        {
            var h = Synthetic.UtcHour(ts[i]);
            var day = Math.Max(0, Math.Sin(2 * Math.PI * (h - 9) / 24));
            y[i] = 200 + (100 * day) + ((1 + (4 * day)) * z[i]);
        }

        return (ts, y);
    }

    private static double ReplayCoverage(long[] ts, double[] y, ModelKind kind, double width, TimeSpan minHistory)
    {
        var options = new ReplayOptions
        {
            MinHistory = minHistory,
            Model = new ModelOptions { Kind = kind, IntervalWidth = width },
        };
        var result = CausalReplay.Run(ts, y, options, ModelFitter.Fit);
        int inside = 0, total = 0;
        for (var i = 0; i < ts.Length; i++)
        {
            if (double.IsNaN(result.Predicted[i]))
            {
                continue;
            }

            total++;
            if (y[i] >= result.Lower[i] && y[i] <= result.Upper[i])
            {
                inside++;
            }
        }

        Assert.True(total > 500, $"only {total} scored points");
        return (double)inside / total;
    }
}
