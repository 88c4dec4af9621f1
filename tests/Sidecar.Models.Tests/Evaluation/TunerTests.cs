using Sidecar.Models.Evaluation;

namespace Sidecar.Models.Tests.Evaluation;

public sealed class TunerTests
{
    private const long Hour = 3_600_000;

    [Fact]
    public void Run_DailyCycle_PicksTheSeasonalCombinationByRmse()
    {
        var (ts, vs) = DailyCycle(days: 12, seed: 1);
        var grid = Grid(Daily(0, 4), Width(0.8, 0.95));

        var result = Tuner.Run(ts, vs, ReadOnlyMemory<bool>.Empty, grid, new ModelOptions(), Cv(), MetricKind.Rmse, HourOfDayModel.Fit, 2);

        Assert.Equal(4, result.Candidates.Count);
        // (4, 0.8) and (4, 0.95) predict the same; the earlier one in grid order wins the tie.
        Assert.Equal(2, result.BestIndex);
        Assert.Equal(4, result.Best!.Options.DailySeasonality);
        Assert.Equal(0.8, result.Best.Options.IntervalWidth);
        Assert.True(result.Candidates[0].Metrics.Rmse > 3 * result.Candidates[2].Metrics.Rmse);
    }

    [Fact]
    public void Run_CoverageMetric_PicksTheBestCalibratedWidth()
    {
        var (ts, vs) = DailyCycle(days: 12, seed: 2);
        // The test model's band is ± 2σ (≈ 95 % for Gaussian noise) whatever width is asked for.
        var grid = Grid(Daily(4), Width(0.5, 0.95, 0.999));

        var result = Tuner.Run(ts, vs, ReadOnlyMemory<bool>.Empty, grid, new ModelOptions(), Cv(), MetricKind.Coverage, HourOfDayModel.Fit, 2);

        Assert.Equal(0.95, result.Best!.Options.IntervalWidth);
    }

    [Fact]
    public void Run_CandidateThatThrows_KeptWithItsErrorAndNeverChosen()
    {
        var (ts, vs) = DailyCycle(days: 12, seed: 3);
        var grid = Grid(GridAxis.Of("seasonality_mode", (o, v) => o with { SeasonalityMode = v }, SeasonalityMode.Multiplicative, SeasonalityMode.Additive), Daily(4));
        ModelFit fit = (t, v, o) => o.SeasonalityMode == SeasonalityMode.Multiplicative
            ? throw new InvalidOperationException("multiplicative needs positive data")
            : HourOfDayModel.Fit(t, v, o);

        var result = Tuner.Run(ts, vs, ReadOnlyMemory<bool>.Empty, grid, new ModelOptions(), Cv(), MetricKind.Mae, fit, 2);

        Assert.Contains("positive data", result.Candidates[0].Error, StringComparison.Ordinal);
        Assert.Equal(1, result.BestIndex);
    }

    [Fact]
    public void Run_DegreeOfParallelism_DoesNotChangeTheResult()
    {
        var (ts, vs) = DailyCycle(days: 10, seed: 4);
        var grid = Grid(Daily(0, 2, 4), Width(0.9, 0.99));

        var one = Tuner.Run(ts, vs, ReadOnlyMemory<bool>.Empty, grid, new ModelOptions(), Cv(), MetricKind.Smape, HourOfDayModel.Fit, 1);
        var four = Tuner.Run(ts, vs, ReadOnlyMemory<bool>.Empty, grid, new ModelOptions(), Cv(), MetricKind.Smape, HourOfDayModel.Fit, 4);

        Assert.Equal(one.BestIndex, four.BestIndex);
        Assert.Equal(one.Candidates.Select(c => c.Metrics), four.Candidates.Select(c => c.Metrics));
    }

    [Fact]
    public void Run_RealModelsOnADailyCycle_PicksTheSeasonalModelOverTheFlatOne()
    {
        var rng = new Random(5);
        var (ts, vs) = RegularSeries.Of(1_600_041_600_000, 300_000, 8 * 288,
            i => 500 + (200 * Math.Sin(2 * Math.PI * i / 288)) + (10 * (rng.NextDouble() - 0.5)));

        var grid = Grid(GridAxis.Of("type", (o, v) => o with { Kind = v }, ModelKind.Ewma, ModelKind.Prophet));
        var cv = new CrossValidationOptions { Initial = TimeSpan.FromDays(3), Horizon = TimeSpan.FromDays(1) };

        var result = Tuner.Run(ts, vs, ReadOnlyMemory<bool>.Empty, grid, new ModelOptions(), cv, MetricKind.Rmse, ModelFitter.Fit, 2);

        Assert.Equal(ModelKind.Prophet, result.Best!.Options.Kind);
        Assert.True(result.Candidates[0].Metrics.Rmse > 5 * result.Candidates[1].Metrics.Rmse);
    }

    private static CrossValidationOptions Cv() => new()
    {
        Initial = TimeSpan.FromDays(4),
        Horizon = TimeSpan.FromDays(1),
    };

    private static TuningGrid Grid(params TuningParameter[] axes) => new(axes);

    private static TuningParameter Daily(params int[] orders) =>
        GridAxis.Of("daily_seasonality", (o, v) => o with { DailySeasonality = v }, orders);

    private static TuningParameter Width(params double[] widths) =>
        GridAxis.Of("interval_width", (o, v) => o with { IntervalWidth = v }, widths);

    private static (long[] Ts, double[] Vs) DailyCycle(int days, int seed)
    {
        var rng = new Random(seed);
        return RegularSeries.Of(1_600_041_600_000, Hour, days * 24, i =>
        {
            double noise = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            return 100 + (10 * Math.Sin(2 * Math.PI * i / 24)) + noise;
        });
    }

    /// <summary>Test-only model: per hour-of-day mean when daily seasonality is on, else the overall mean; band ± 2σ.</summary>
    private sealed class HourOfDayModel(double[] means, double halfWidth, ModelOptions options) : IFittedModel
    {
        public ModelKind Kind => ModelKind.SeasonalBaseline;

        public ModelOptions Options { get; } = options;

        public static IFittedModel Fit(ReadOnlySpan<long> ts, ReadOnlySpan<double> vs, ModelOptions options)
        {
            bool seasonal = options.DailySeasonality is > 0;
            var sums = new double[24];
            var counts = new int[24];
            for (int i = 0; i < ts.Length; i++)
            {
                int slot = seasonal ? Slot(ts[i]) : 0;
                sums[slot] += vs[i];
                counts[slot]++;
            }

            var means = new double[24];
            for (int h = 0; h < 24; h++)
            {
                means[h] = counts[seasonal ? h : 0] > 0 ? sums[seasonal ? h : 0] / counts[seasonal ? h : 0] : 0;
            }

            double ss = 0;
            for (int i = 0; i < ts.Length; i++)
            {
                double r = vs[i] - means[Slot(ts[i])];
                ss += r * r;
            }

            return new HourOfDayModel(means, 2 * Math.Sqrt(ss / ts.Length), options);
        }

        public void Predict(ReadOnlySpan<long> timestampsMs, Span<double> predicted, Span<double> lower, Span<double> upper)
        {
            for (int i = 0; i < timestampsMs.Length; i++)
            {
                double m = means[Slot(timestampsMs[i])];
                predicted[i] = m;
                lower[i] = m - halfWidth;
                upper[i] = m + halfWidth;
            }
        }

        private static int Slot(long ts) => (int)(ts / Hour % 24);
    }
}
