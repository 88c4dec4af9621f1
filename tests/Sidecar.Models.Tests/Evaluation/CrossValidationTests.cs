using Sidecar.Models.Evaluation;

namespace Sidecar.Models.Tests.Evaluation;

public sealed class CrossValidationTests
{
    private const long Hour = 3_600_000;
    private const long Day = 24 * Hour;

    [Fact]
    public void Cutoffs_DefaultPeriod_StartAfterInitialStepHalfAHorizonAndKeepAFullHorizon()
    {
        var options = new CrossValidationOptions { Initial = TimeSpan.FromDays(3), Horizon = TimeSpan.FromDays(2) };

        var cutoffs = CrossValidation.Cutoffs(0, 10 * Day, options);

        Assert.Equal([3 * Day, 4 * Day, 5 * Day, 6 * Day, 7 * Day, 8 * Day], cutoffs);
    }

    [Fact]
    public void Cutoffs_ExplicitPeriod_Used()
    {
        var options = new CrossValidationOptions
        {
            Initial = TimeSpan.FromDays(3),
            Horizon = TimeSpan.FromDays(2),
            Period = TimeSpan.FromDays(3),
        };

        Assert.Equal([5 * Day, 8 * Day], CrossValidation.Cutoffs(2 * Day, 11 * Day, options));
    }

    [Fact]
    public void Cutoffs_SeriesShorterThanInitialPlusHorizon_None()
    {
        var options = new CrossValidationOptions { Initial = TimeSpan.FromDays(9), Horizon = TimeSpan.FromDays(2) };

        Assert.Empty(CrossValidation.Cutoffs(0, 10 * Day, options));
    }

    [Fact]
    public void Run_EachFold_TrainsUpToItsCutoffAndPredictsItsHorizon()
    {
        var (ts, vs) = Hourly((10 * 24) + 1, h => h);
        var spy = new SpyFit();
        var options = new CrossValidationOptions { Initial = TimeSpan.FromDays(3), Horizon = TimeSpan.FromDays(2) };

        var result = CrossValidation.Run(ts, vs, [], options, new ModelOptions(), spy.Fit);

        Assert.Equal(6, result.Folds.Count);
        for (int k = 0; k < 6; k++)
        {
            long c = ts[0] + ((3 + k) * Day);
            var call = spy.Calls[k];
            Assert.Equal(ts[0], call.TrainTimestamps[0]);
            Assert.Equal(c, call.TrainTimestamps[^1]);
            Assert.Equal(Enumerable.Range(1, 48).Select(h => c + (h * Hour)), call.PredictedTimestamps);
        }

        Assert.Equal(6 * 48, result.Count);
    }

    [Fact]
    public void Run_TrainWindow_LimitsEachFoldsHistory()
    {
        var (ts, vs) = Hourly(10 * 24, h => h);
        var spy = new SpyFit();
        var options = new CrossValidationOptions
        {
            Initial = TimeSpan.FromDays(3),
            Horizon = TimeSpan.FromDays(1),
            TrainWindow = TimeSpan.FromDays(2),
        };

        CrossValidation.Run(ts, vs, [], options, new ModelOptions(), spy.Fit);

        foreach (var call in spy.Calls)
        {
            Assert.Equal(48, call.TrainTimestamps.Length);
            Assert.Equal(call.TrainTimestamps[^1] - (47 * Hour), call.TrainTimestamps[0]);
        }
    }

    [Fact]
    public void Run_AnomalousPoints_TrainedOnButLeftOutOfMetrics()
    {
        var (ts, vs) = Hourly(5 * 24, _ => 10);
        var flags = new bool[vs.Length];
        vs[100] = 100;
        flags[100] = true;
        var options = new CrossValidationOptions { Initial = TimeSpan.FromDays(2), Horizon = TimeSpan.FromDays(1) };
        ModelFit fit = (t, v, o) => new ConstantModel(10, 9, 11, o);

        var labelled = CrossValidation.Run(ts, vs, flags, options, new ModelOptions(), fit).Metrics();
        var unlabelled = CrossValidation.Run(ts, vs, [], options, new ModelOptions(), fit).Metrics();

        Assert.Equal(1.0, labelled.Coverage);
        Assert.Equal(0, labelled.Mae);
        Assert.True(unlabelled.Coverage < 1.0);
        Assert.True(unlabelled.Count > labelled.Count);
    }

    [Fact]
    public void Run_MissingValues_NeitherTrainedOnNorScored()
    {
        var (ts, vs) = Hourly(5 * 24, h => h);
        vs[60] = double.NaN;
        vs[61] = double.NaN;
        var spy = new SpyFit();
        var options = new CrossValidationOptions { Initial = TimeSpan.FromDays(2), Horizon = TimeSpan.FromDays(1) };

        var result = CrossValidation.Run(ts, vs, [], options, new ModelOptions(), spy.Fit);

        Assert.All(spy.Calls, c => Assert.DoesNotContain(ts[60], c.TrainTimestamps));
        Assert.DoesNotContain(ts[61], result.TimestampsMs);
    }

    [Fact]
    public void MetricsByHorizon_LastValueModel_ErrorGrowsWithBucket()
    {
        var (ts, vs) = Hourly(6 * 24, h => h);
        var options = new CrossValidationOptions { Initial = TimeSpan.FromDays(2), Horizon = TimeSpan.FromHours(4) };
        ModelFit lastValue = (t, v, o) => new ConstantModel(v[^1], v[^1] - 1, v[^1] + 1, o);

        var table = CrossValidation.Run(ts, vs, [], options, new ModelOptions(), lastValue).MetricsByHorizon(4);

        Assert.Equal(4, table.Count);
        for (int b = 0; b < 4; b++)
        {
            Assert.Equal(TimeSpan.FromHours(b), table[b].From);
            Assert.Equal(TimeSpan.FromHours(b + 1), table[b].To);
            Assert.Equal(b + 1, table[b].Metrics.Mae, 12);
            Assert.Equal(b == 0 ? 1.0 : 0.0, table[b].Metrics.Coverage, 12);
        }
    }

    [Fact]
    public void MetricsByHorizon_LinearSeries_MaseAndMsisScaledByTheFoldsSeasonalNaiveMae()
    {
        // y = hour: the daily seasonal naive forecast misses by 24 everywhere, so every fold's scale is 24. The
        // last-value model with band ±1 misses by b + 1 in bucket b, b of it beyond the band: interval score
        // 2 + (2 / 0.05)·b.
        var (ts, vs) = Hourly(6 * 24, h => h);
        var options = new CrossValidationOptions { Initial = TimeSpan.FromDays(2), Horizon = TimeSpan.FromHours(4) };
        ModelFit lastValue = (t, v, o) => new ConstantModel(v[^1], v[^1] - 1, v[^1] + 1, o);

        var result = CrossValidation.Run(ts, vs, [], options, new ModelOptions { IntervalWidth = 0.95 }, lastValue);
        var table = result.MetricsByHorizon(4);

        Assert.All(result.Scale, s => Assert.Equal(24, s, 12));
        Assert.Equal(0.95, result.IntervalWidth);
        for (int b = 0; b < 4; b++)
        {
            Assert.Equal((b + 1) / 24.0, table[b].Metrics.Mase, 12);
            Assert.Equal((2 + (40.0 * b)) / 24, table[b].Metrics.Msis, 12);
        }
    }

    private static (long[] Ts, double[] Values) Hourly(int count, Func<int, double> value) =>
        RegularSeries.Of(1_600_000_000_000 / Day * Day, Hour, count, value);
}
