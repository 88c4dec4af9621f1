using Google.Protobuf;
using Sidecar.RemoteRead.Prompb;
using Sidecar.RemoteRead.Protocol;
using Sidecar.RemoteRead.Tests.Fakes;

namespace Sidecar.RemoteRead.Tests.Protocol;

public sealed class StreamedResponseDecoderTests
{
    private const long T0 = 1_700_000_000_000;
    private static readonly DecodeLimits Limits = new(MaxFrameBytes: 1 << 20, MaxResponseBytes: 64 << 20, MaxSamples: 1_000_000);

    [Fact]
    public async Task DecodeAsync_SeriesSplitAcrossFrames_IsOneSeries()
    {
        var a = Series("a", 1000);
        var b = Series("b", 10);
        // A 200-byte budget forces a new frame every couple of chunks.
        var body = ResponseEncoder.StreamedBody([a, b], samplesPerChunk: 50, frameBudgetBytes: 200);

        var decoded = await DecodeAsync(body, long.MinValue, long.MaxValue);

        Assert.Equal(2, decoded.Series().Count);
        AssertSame(a, decoded.Series()[0]);
        AssertSame(b, decoded.Series()[1]);
        Assert.Equal(1010, decoded.Samples);
        Assert.Equal(body.Length, decoded.BodyBytes);
    }

    [Fact]
    public async Task DecodeAsync_WholeChunksBeyondRange_KeepsOnlyInclusiveRange()
    {
        var a = Series("a", 600); // one sample per minute from T0
        var start = T0 + (100 * 60_000);
        var end = T0 + (250 * 60_000);

        var decoded = await DecodeAsync(ResponseEncoder.StreamedBody([a]), start, end);

        var only = Assert.Single(decoded.Series());
        Assert.Equal(151, only.Count);
        Assert.Equal(start, only.TimestampsMs[0]);
        Assert.Equal(end, only.TimestampsMs[^1]);
    }

    [Fact]
    public async Task DecodeAsync_StaleMarkers_AreDroppedAndEmptySeriesOmitted()
    {
        var stale = BitConverter.UInt64BitsToDouble(StaleMarker.Bits);
        var mixed = new TimeSeries(Labels("mixed"), [T0, T0 + 1, T0 + 2], [1, stale, double.NaN]);
        var allStale = new TimeSeries(Labels("all_stale"), [T0, T0 + 1], [stale, stale]);
        var empty = new TimeSeries(Labels("empty"), [], []);

        var decoded = await DecodeAsync(ResponseEncoder.StreamedBody([mixed, allStale, empty]), long.MinValue, long.MaxValue);

        var only = Assert.Single(decoded.Series());
        Assert.Equal("mixed", only.Labels.Name);
        Assert.Equal([T0, T0 + 2], only.TimestampsMs);
        Assert.Equal(1, only.Values[0]);
        Assert.True(double.IsNaN(only.Values[1])); // an ordinary NaN is a value, not a stale marker
    }

    [Fact]
    public void AddFrame_SeveralSeriesInOneFrame_DecodesEach()
    {
        var response = new ChunkedReadResponse();
        foreach (var name in new[] { "x", "y", "z" })
        {
            response.ChunkedSeries.Add(ChunkedSeries(Series(name, 5)));
        }

        var decoder = new StreamedResponseDecoder(long.MinValue, long.MaxValue, Limits);
        decoder.AddFrame(response.ToByteArray());
        var decoded = decoder.Finish(0);

        Assert.Equal(["x", "y", "z"], decoded.Series().Select(s => s.Labels.Name));
    }

    [Fact]
    public void AddFrame_OverlappingChunks_SortedAndDeduplicated()
    {
        var series = new ChunkedSeries();
        series.Labels.Add(new Prompb.Label { Name = "__name__", Value = "o" });
        series.Chunks.Add(XorChunk([T0, T0 + 10, T0 + 20], [1, 2, 3]));
        series.Chunks.Add(XorChunk([T0 + 10, T0 + 15, T0 + 30], [20, 25, 30]));
        var response = new ChunkedReadResponse();
        response.ChunkedSeries.Add(series);

        var decoder = new StreamedResponseDecoder(long.MinValue, long.MaxValue, Limits);
        decoder.AddFrame(response.ToByteArray());
        var only = Assert.Single(decoder.Finish(0).Series());

        Assert.Equal([T0, T0 + 10, T0 + 15, T0 + 20, T0 + 30], only.TimestampsMs);
        Assert.Equal([1, 20, 25, 3, 30], only.Values); // the later chunk wins a shared timestamp
    }

    [Fact]
    public void AddFrame_QueryIndexOtherThanZero_ThrowsProtocolException()
    {
        var payload = ResponseEncoder.StreamedPayloads([Series("a", 3)], queryIndex: 1).Single();
        var decoder = new StreamedResponseDecoder(long.MinValue, long.MaxValue, Limits);

        var e = Assert.Throws<RemoteReadProtocolException>(() => decoder.AddFrame(payload));

        Assert.Contains("query_index 1", e.Message);
    }

    [Fact]
    public void AddFrame_UnknownChunkEncoding_ThrowsProtocolException()
    {
        var series = ChunkedSeries(Series("a", 3));
        series.Chunks[0].Type = (Chunk.Types.Encoding)9;
        var response = new ChunkedReadResponse();
        response.ChunkedSeries.Add(series);
        var decoder = new StreamedResponseDecoder(long.MinValue, long.MaxValue, Limits);

        Assert.Throws<RemoteReadProtocolException>(() => decoder.AddFrame(response.ToByteArray()));
    }

    [Fact]
    public void AddFrame_HistogramChunk_IsSkipped()
    {
        var series = ChunkedSeries(Series("h", 3));
        series.Chunks.Add(new Chunk { MinTimeMs = T0, MaxTimeMs = T0, Type = Chunk.Types.Encoding.Histogram, Data = ByteString.CopyFrom(1, 2, 3) });
        var response = new ChunkedReadResponse();
        response.ChunkedSeries.Add(series);
        var decoder = new StreamedResponseDecoder(long.MinValue, long.MaxValue, Limits);

        decoder.AddFrame(response.ToByteArray());

        Assert.Equal(3, Assert.Single(decoder.Finish(0).Series()).Count);
    }

    [Fact]
    public async Task DecodeAsync_MoreSamplesThanLimit_ThrowsLimit()
    {
        var body = ResponseEncoder.StreamedBody([Series("a", 500), Series("b", 500)]);

        var e = await Assert.ThrowsAsync<RemoteReadLimitException>(
            () => StreamedResponseDecoder.DecodeAsync(new MemoryStream(body), long.MinValue, long.MaxValue, Limits with { MaxSamples = 999 }, CancellationToken.None));

        Assert.Equal("max_samples_per_request", e.LimitName);
    }

    [Fact]
    public void AddFrame_DuplicateLabelNames_ThrowsProtocolException()
    {
        var series = ChunkedSeries(Series("a", 3));
        series.Labels.Add(new Prompb.Label { Name = "__name__", Value = "b" });
        var response = new ChunkedReadResponse();
        response.ChunkedSeries.Add(series);
        var decoder = new StreamedResponseDecoder(long.MinValue, long.MaxValue, Limits);

        Assert.Throws<RemoteReadProtocolException>(() => decoder.AddFrame(response.ToByteArray()));
    }

    [Fact]
    public void AddFrame_CorruptChunkData_ThrowsProtocolException()
    {
        var series = ChunkedSeries(Series("a", 120));
        var data = series.Chunks[0].Data.ToByteArray();
        series.Chunks[0].Data = ByteString.CopyFrom(data.AsSpan(0, data.Length / 2));
        var response = new ChunkedReadResponse();
        response.ChunkedSeries.Add(series);
        var decoder = new StreamedResponseDecoder(long.MinValue, long.MaxValue, Limits);

        Assert.Throws<RemoteReadProtocolException>(() => decoder.AddFrame(response.ToByteArray()));
    }

    internal static TimeSeries Series(string name, int count, long stepMs = 60_000)
    {
        var timestamps = Enumerable.Range(0, count).Select(i => T0 + (i * stepMs)).ToArray();
        var values = timestamps.Select((_, i) => (i * 0.5) + name.Length).ToArray();
        return new TimeSeries(Labels(name), timestamps, values);
    }

    internal static void AssertSame(TimeSeries expected, TimeSeries actual)
    {
        Assert.Equal(expected.Labels, actual.Labels);
        Assert.Equal(expected.TimestampsMs, actual.TimestampsMs);
        Assert.Equal(expected.Values, actual.Values);
    }

    private static LabelSet Labels(string name) => LabelSet.From(("__name__", name), ("job", "test"));

    private static ChunkedSeries ChunkedSeries(TimeSeries series)
    {
        var payload = ResponseEncoder.StreamedPayloads([series]).Single();
        return ChunkedReadResponse.Parser.ParseFrom(payload).ChunkedSeries.Single();
    }

    private static Chunk XorChunk(long[] timestamps, double[] values) => new()
    {
        MinTimeMs = timestamps[0],
        MaxTimeMs = timestamps[^1],
        Type = Chunk.Types.Encoding.Xor,
        Data = ByteString.CopyFrom(XorChunkEncoder.Encode(timestamps, values)),
    };

    private static Task<DecodedResponse> DecodeAsync(byte[] body, long start, long end) =>
        StreamedResponseDecoder.DecodeAsync(new TrickleStream(body, 777), start, end, Limits, CancellationToken.None);
}
