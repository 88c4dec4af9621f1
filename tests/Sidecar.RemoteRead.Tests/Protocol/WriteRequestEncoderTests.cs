using Sidecar.RemoteRead.Prompb;
using Sidecar.RemoteRead.Protocol;
using Snappier;

namespace Sidecar.RemoteRead.Tests.Protocol;

public sealed class WriteRequestEncoderTests
{
    [Fact]
    public void Encode_Series_IsASnappyBlockOfTheWriteRequest_LabelsSortedSamplesInOrder()
    {
        var series = new[]
        {
            new RemoteRead.TimeSeries(LabelSet.From(("selector", "api"), ("__name__", "anomaly_score"), ("job", "a")), [1_000, 2_000], [0.25, double.NaN]),
            new RemoteRead.TimeSeries(LabelSet.From(("__name__", "predicted"), ("job", "a")), [2_000], [-1e300]),
        };

        var body = WriteRequestEncoder.Encode(series);
        var decoded = WriteRequest.Parser.ParseFrom(Snappy.DecompressToArray(body));

        Assert.Equal(2, decoded.Timeseries.Count);
        Assert.Equal(["__name__=anomaly_score", "job=a", "selector=api"], decoded.Timeseries[0].Labels.Select(l => $"{l.Name}={l.Value}"));
        Assert.Equal([1_000L, 2_000L], decoded.Timeseries[0].Samples.Select(s => s.Timestamp));
        Assert.Equal(0.25, decoded.Timeseries[0].Samples[0].Value);
        Assert.True(double.IsNaN(decoded.Timeseries[0].Samples[1].Value));
        Assert.Equal(-1e300, Assert.Single(decoded.Timeseries[1].Samples).Value);
    }
}
