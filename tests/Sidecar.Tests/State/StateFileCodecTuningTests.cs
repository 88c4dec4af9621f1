using Sidecar.RemoteRead;
using Sidecar.State;

namespace Sidecar.Tests.State;

/// <summary>The tuning record of state format 2: optional per series, so files written before it decode with none.</summary>
public sealed class StateFileCodecTuningTests
{
    [Fact]
    public void Decode_SeriesWithAndWithoutTuning_RoundTripsTheChoiceAndLeavesTheOtherNull()
    {
        var tuning = new TuningChoice([new("ewma_half_life", "5m"), new("interval_width", "0.99")], "rmse", 1_700_000_000_000, 8.05, 8.05, double.NaN);
        var state = new SelectorState("s", "hash", 1_700_000_000_000,
        [
            new SeriesState(LabelSet.From(("instance", "a")), "m", 1, [1, 2, 3]) { Tuning = tuning },
            new SeriesState(LabelSet.From(("instance", "b")), "m", 2, [4, 5]),
        ]);

        var result = StateFileCodec.Decode(StateFileCodec.Encode(state), "p", "s", "hash");

        Assert.Equal(StateLoadStatus.Loaded, result.Status);
        var a = result.State!.Series[0].Tuning!;
        Assert.Equal(tuning.Settings, a.Settings);
        Assert.Equal((tuning.Metric, tuning.TunedAtMs, tuning.InUseError, tuning.WinnerError), (a.Metric, a.TunedAtMs, a.InUseError, a.WinnerError));
        Assert.True(double.IsNaN(a.RunnerUpError));
        Assert.Null(result.State.Series[1].Tuning);
    }
}
