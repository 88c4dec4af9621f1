using Sidecar.RemoteRead.Protocol;
using Sidecar.RemoteRead.Tests.Fakes;
using Snappier;

namespace Sidecar.RemoteRead.Tests.Protocol;

public sealed class SamplesResponseDecoderTests
{
    private const long T0 = 1_700_000_000_000;
    private static readonly DecodeLimits Limits = new(MaxFrameBytes: 1 << 20, MaxResponseBytes: 64 << 20, MaxSamples: 1_000_000);

    [Fact]
    public void Decode_Series_RoundTrip()
    {
        var a = StreamedResponseDecoderTests.Series("a", 300);
        var b = StreamedResponseDecoderTests.Series("b", 1);
        var body = ResponseEncoder.SamplesBody([a, b]);

        var decoded = SamplesResponseDecoder.Decode(body, long.MinValue, long.MaxValue, Limits);

        Assert.Equal(2, decoded.Series().Count);
        StreamedResponseDecoderTests.AssertSame(a, decoded.Series()[0]);
        StreamedResponseDecoderTests.AssertSame(b, decoded.Series()[1]);
        Assert.Equal(301, decoded.Samples);
        Assert.Equal(body.Length, decoded.BodyBytes);
    }

    [Fact]
    public void Decode_StaleOutOfRangeAndEmpty_AreDropped()
    {
        var stale = BitConverter.UInt64BitsToDouble(StaleMarker.Bits);
        var a = new TimeSeries(LabelSet.From(("__name__", "a")), [T0 - 1, T0, T0 + 1, T0 + 2, T0 + 3], [0, 1, stale, 3, 4]);
        var empty = new TimeSeries(LabelSet.From(("__name__", "empty")), [], []);

        var decoded = SamplesResponseDecoder.Decode(ResponseEncoder.SamplesBody([a, empty]), T0, T0 + 2, Limits);

        var only = Assert.Single(decoded.Series());
        Assert.Equal([T0, T0 + 2], only.TimestampsMs);
        Assert.Equal([1.0, 3.0], only.Values);
    }

    [Fact]
    public void Decode_NoResults_ThrowsProtocolException()
    {
        var body = Snappy.CompressToArray(ResponseEncoder.ReadResponse());

        var e = Assert.Throws<RemoteReadProtocolException>(() => SamplesResponseDecoder.Decode(body, 0, 1, Limits));

        Assert.Contains("0 results", e.Message);
    }

    [Fact]
    public void Decode_MoreResultsThanQueries_ThrowsProtocolException()
    {
        var body = Snappy.CompressToArray(ResponseEncoder.ReadResponse([], []));

        Assert.Throws<RemoteReadProtocolException>(() => SamplesResponseDecoder.Decode(body, 0, 1, Limits));
    }

    [Fact]
    public void Decode_TooManySamples_ThrowsLimit()
    {
        var body = ResponseEncoder.SamplesBody([StreamedResponseDecoderTests.Series("a", 100)]);

        var e = Assert.Throws<RemoteReadLimitException>(
            () => SamplesResponseDecoder.Decode(body, long.MinValue, long.MaxValue, Limits with { MaxSamples = 99 }));

        Assert.Equal("max_samples_per_request", e.LimitName);
    }

    [Fact]
    public void Decode_DecompressedSizeOverLimit_ThrowsLimitBeforeDecompressing()
    {
        var body = ResponseEncoder.SamplesBody([StreamedResponseDecoderTests.Series("a", 1000)]);

        var e = Assert.Throws<RemoteReadLimitException>(
            () => SamplesResponseDecoder.Decode(body, long.MinValue, long.MaxValue, Limits with { MaxResponseBytes = 2000 }));

        Assert.Equal("max_response_bytes", e.LimitName);
    }

    [Fact]
    public void Decode_TruncatedProtobuf_ThrowsProtocolException()
    {
        var raw = ResponseEncoder.ReadResponse([StreamedResponseDecoderTests.Series("a", 50)]);
        for (var length = 1; length < raw.Length; length += 13)
        {
            var body = Snappy.CompressToArray(raw.AsSpan(0, length));
            Assert.Throws<RemoteReadProtocolException>(() => SamplesResponseDecoder.Decode(body, long.MinValue, long.MaxValue, Limits));
        }
    }
}
