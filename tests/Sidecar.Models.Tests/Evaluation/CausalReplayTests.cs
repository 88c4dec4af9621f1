using Sidecar.Models.Evaluation;

namespace Sidecar.Models.Tests.Evaluation;

public sealed class CausalReplayTests
{
    private const long Minute = 60_000;
    private const long T0 = 1_700_000_000_000;

    private static (long[] Ts, double[] Values) Grid(int count, Func<int, double> value) => RegularSeries.Of(T0, Minute, count, value);

    private static ReplayOptions Options(int fitEveryMin, int windowMin, int minHistoryMin) => new()
    {
        FitEvery = TimeSpan.FromMinutes(fitEveryMin),
        FitWindow = TimeSpan.FromMinutes(windowMin),
        MinHistory = TimeSpan.FromMinutes(minHistoryMin),
    };

    [Fact]
    public void Run_SpyModel_NeverSeesThePointItScoresNorAnythingAfter()
    {
        var (ts, vs) = Grid(600, i => Math.Sin(i / 10.0) + (i % 7));
        vs[250] = double.NaN;
        var spy = new SpyFit();

        var result = CausalReplay.Run(ts, vs, Options(17, 120, 45), spy.Fit);

        Assert.True(spy.Calls.Count > 10);
        foreach (var call in spy.Calls)
        {
            long lastSeen = call.TrainTimestamps.Max();
            Assert.All(call.PredictedTimestamps, t => Assert.True(t > lastSeen, $"model trained up to {lastSeen} predicted {t}"));
            Assert.DoesNotContain(ts[250], call.TrainTimestamps);
        }

        int predictedRows = result.Predicted.Count(p => !double.IsNaN(p));
        Assert.Equal(spy.Calls.Sum(c => c.PredictedTimestamps.Count), predictedRows);
    }

    [Fact]
    public void Run_BeforeMinHistory_RowsHaveNoPredictionAndScoreZero()
    {
        var (ts, vs) = Grid(100, i => i);

        var result = CausalReplay.Run(ts, vs, Options(10, 60, 30), new SpyFit().Fit);

        for (int i = 0; i < 30; i++)
        {
            Assert.True(double.IsNaN(result.Predicted[i]));
            Assert.True(double.IsNaN(result.Lower[i]));
            Assert.True(double.IsNaN(result.Upper[i]));
            Assert.Equal(0, result.Score[i]);
        }

        Assert.False(double.IsNaN(result.Predicted[30]));
    }

    [Fact]
    public void Run_RefitSchedule_FitsEveryFitEveryOnTheTrailingWindow()
    {
        var (ts, vs) = Grid(300, i => i);
        var spy = new SpyFit();

        CausalReplay.Run(ts, vs, Options(60, 90, 30), spy.Fit);

        // First fit at minute 30 (min_history), then every 60 minutes: 30, 90, 150, 210, 270.
        long[] expectedFitMinutes = [30, 90, 150, 210, 270];
        Assert.Equal(expectedFitMinutes.Length, spy.Calls.Count);
        for (int k = 0; k < expectedFitMinutes.Length; k++)
        {
            long at = expectedFitMinutes[k];
            long firstTrain = Math.Max(0, at - 90);
            long[] expected = Enumerable.Range((int)firstTrain, (int)(at - firstTrain)).Select(m => T0 + (m * Minute)).ToArray();
            Assert.Equal(expected, spy.Calls[k].TrainTimestamps);
            Assert.Equal(T0 + (at * Minute), spy.Calls[k].PredictedTimestamps.Min());
        }
    }

    [Fact]
    public void Run_ForecastRows_GetLatestModelsPredictionAreNeverFittedNorTriggerFits()
    {
        var (ts, vs) = Grid(200, i => i < 150 ? 10.0 : double.NaN);
        var spy = new SpyFit(halfWidth: 2);

        var result = CausalReplay.Run(ts, vs, Options(30, 60, 20), spy.Fit);

        var last = spy.Calls[^1];
        Assert.All(spy.Calls, c => Assert.All(c.TrainTimestamps, t => Assert.True(t < ts[150])));
        Assert.True(last.TrainTimestamps.Max() < ts[150]);
        for (int i = 150; i < 200; i++)
        {
            Assert.Equal(10.0, result.Predicted[i]);
            Assert.Equal(8.0, result.Lower[i]);
            Assert.Equal(12.0, result.Upper[i]);
            Assert.Equal(0, result.Score[i]);
            Assert.Contains(ts[i], last.PredictedTimestamps);
        }

        // Fits at 20, 50, 80, 110, 140: none during the 50 forecast rows.
        Assert.Equal(5, spy.Calls.Count);
    }

    [Fact]
    public void Run_ForecastRowsBeforeFirstModel_HaveNoPrediction()
    {
        var (ts, vs) = Grid(50, i => i is 3 or 4 ? double.NaN : 1.0);

        var result = CausalReplay.Run(ts, vs, Options(10, 60, 30), new SpyFit().Fit);

        Assert.True(double.IsNaN(result.Predicted[3]));
        Assert.Equal(0, result.Score[3]);
    }

    [Theory]
    [InlineData(10.0, 0.0)]
    [InlineData(12.0, 1.0)]
    [InlineData(8.0, 1.0)]
    [InlineData(11.0, 0.5)]
    [InlineData(16.0, 3.0)]
    [InlineData(4.0, 3.0)]
    public void Run_Score_IsDistanceFromPredictedInUnitsOfTheHalfBandOnThatSide(double value, double expected)
    {
        var (ts, vs) = Grid(40, i => i < 30 ? 10.0 : value);

        var result = CausalReplay.Run(ts, vs, Options(1000, 60, 30), new SpyFit(halfWidth: 2).Fit);

        Assert.Equal(expected, result.Score[35], 12);
    }

    [Fact]
    public void Run_SameInputTwice_SameOutput()
    {
        var rng = new Random(7);
        var (ts, vs) = Grid(500, _ => rng.NextDouble());

        var a = CausalReplay.Run(ts, vs, Options(13, 100, 40), new SpyFit().Fit);
        var b = CausalReplay.Run(ts, vs, Options(13, 100, 40), new SpyFit().Fit);

        Assert.Equal(a.Predicted, b.Predicted);
        Assert.Equal(a.Score, b.Score);
        Assert.Equal(a.FitCount, b.FitCount);
    }

    [Fact]
    public void Run_FitThrows_KeepsThePreviousModelAndCountsTheFailure()
    {
        var (ts, vs) = Grid(120, i => 5.0);
        var spy = new SpyFit();
        int calls = 0;
        IFittedModel Flaky(ReadOnlySpan<long> t, ReadOnlySpan<double> v, ModelOptions o) =>
            ++calls == 2 ? throw new InvalidOperationException("singular") : spy.Fit(t, v, o);

        var result = CausalReplay.Run(ts, vs, Options(30, 60, 30), Flaky);

        Assert.Equal(1, result.FitFailures);
        Assert.Equal(2, result.FitCount);
        Assert.Contains("singular", result.FirstFailure, StringComparison.Ordinal);
        Assert.Contains(ts[70], spy.Calls[0].PredictedTimestamps);
    }

    [Fact]
    public void Run_RowsOutOfTimeOrder_ReplayedInTimeOrderAndReturnedInRowOrder()
    {
        // Minutes 0..99, with the block 50..59 moved to the end of the file (as in NAB's machine_temperature file).
        var minutes = Enumerable.Range(0, 100).Where(m => m is < 50 or > 59).Concat(Enumerable.Range(50, 10)).ToArray();
        long[] ts = minutes.Select(m => T0 + (m * Minute)).ToArray();
        double[] vs = minutes.Select(m => (double)m).ToArray();
        var spy = new SpyFit();

        var shuffled = CausalReplay.Run(ts, vs, Options(5, 60, 20), spy.Fit);
        var ordered = CausalReplay.Run(ts.Order().ToArray(), vs.Order().ToArray(), Options(5, 60, 20), new SpyFit().Fit);

        foreach (var call in spy.Calls)
        {
            Assert.All(call.PredictedTimestamps, t => Assert.True(t > call.TrainTimestamps.Max()));
        }

        for (int row = 0; row < ts.Length; row++)
        {
            int minute = minutes[row];
            Assert.Equal(ordered.Predicted[minute], shuffled.Predicted[row]);
            Assert.Equal(ordered.Score[minute], shuffled.Score[row]);
        }
    }

    [Fact]
    public void Run_EqualTimestamps_ModelNeverSeesPointsAtTheTimestampItScores()
    {
        long[] ts = [T0, T0 + Minute, T0 + (2 * Minute), T0 + (2 * Minute), T0 + (3 * Minute)];
        double[] vs = [1, 2, 3, 4, 5];
        var spy = new SpyFit();

        CausalReplay.Run(ts, vs, Options(1, 60, 2), spy.Fit);

        Assert.Equal([T0, T0 + Minute], spy.Calls[0].TrainTimestamps);
    }
}
