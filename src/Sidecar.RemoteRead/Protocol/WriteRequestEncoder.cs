using Google.Protobuf;
using Sidecar.RemoteRead.Prompb;

namespace Sidecar.RemoteRead.Protocol;

/// <summary>
/// Builds the snappy-compressed prompb <c>WriteRequest</c> body of remote write 1.0: one time series per entry, its
/// labels (sorted by name, as the spec requires) and its samples (ascending timestamps). Thread-safe (stateless).
/// </summary>
internal static class WriteRequestEncoder
{
    public static byte[] Encode(IReadOnlyList<TimeSeries> series) => SnappyBlock.Compress(ToProto(series).ToByteArray());

    public static WriteRequest ToProto(IReadOnlyList<TimeSeries> series)
    {
        var request = new WriteRequest();
        foreach (var one in series)
        {
            var proto = new Prompb.TimeSeries();
            foreach (var label in one.Labels)
            {
                proto.Labels.Add(new Prompb.Label { Name = label.Name, Value = label.Value });
            }

            for (var i = 0; i < one.Count; i++)
            {
                proto.Samples.Add(new Sample { Timestamp = one.TimestampsMs[i], Value = one.Values[i] });
            }

            request.Timeseries.Add(proto);
        }

        return request;
    }
}
