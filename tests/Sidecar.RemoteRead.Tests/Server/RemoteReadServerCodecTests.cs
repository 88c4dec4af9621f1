using Google.Protobuf;
using Sidecar.RemoteRead.Prompb;
using Sidecar.RemoteRead.Protocol;
using Sidecar.RemoteRead.Server;
using Sidecar.RemoteRead.Tests.Protocol;

namespace Sidecar.RemoteRead.Tests.Server;

public sealed class RemoteReadServerCodecTests
{
    private static readonly DecodeLimits Limits = new(MaxFrameBytes: 1 << 20, MaxResponseBytes: 64 << 20, MaxSamples: 1_000_000);

    [Fact]
    public void DecodeRequest_WhatOurClientSends_ReadsQueriesMatchersAndTypes()
    {
        var query = new ReadQuery(1_000, 61_000,
        [
            new Matcher(MatchType.Equal, "__name__", "predicted"), new Matcher(MatchType.NotEqual, "job", "a"),
            new Matcher(MatchType.RegexMatch, "instance", "h.*"), new Matcher(MatchType.RegexNoMatch, "x", ""),
        ]);
        var body = ReadRequestEncoder.Encode(query, [RemoteReadResponseType.StreamedXorChunks, RemoteReadResponseType.Samples]);

        var decoded = RemoteReadServerCodec.DecodeRequest(body, 1 << 20);

        var only = Assert.Single(decoded.Queries);
        Assert.Equal((query.StartMs, query.EndMs), (only.StartMs, only.EndMs));
        Assert.Equal(query.Matchers, only.Matchers);
        Assert.Equal([RemoteReadResponseType.StreamedXorChunks, RemoteReadResponseType.Samples], decoded.AcceptedResponseTypes);
    }

    [Fact]
    public void DecodeRequest_SnappyBomb_IsRefusedBeforeAllocating()
    {
        // A 5-byte header declaring 4 GiB - 1: refused on the declared length alone.
        byte[] bomb = [0xff, 0xff, 0xff, 0xff, 0x0f, 0x00];

        var error = Assert.Throws<RemoteReadLimitException>(() => RemoteReadServerCodec.DecodeRequest(bomb, 4 << 20));
        Assert.Contains("4294967295", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x6e, 0x6f, 0x74 })]
    public void DecodeRequest_Garbage_IsAProtocolError(byte[] body)
    {
        Assert.Throws<RemoteReadProtocolException>(() => RemoteReadServerCodec.DecodeRequest(body, 4 << 20));
    }

    [Fact]
    public void DecodeRequest_ValidSnappyNotAReadRequest_SaysSo()
    {
        var body = Snappier.Snappy.CompressToArray([0xff, 0xff, 0xff]);

        var error = Assert.Throws<RemoteReadProtocolException>(() => RemoteReadServerCodec.DecodeRequest(body, 4 << 20));
        Assert.Contains("ReadRequest", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeRequest_StartAfterEnd_IsRefused()
    {
        var request = new ReadRequest();
        request.Queries.Add(new Query { StartTimestampMs = 10, EndTimestampMs = 5 });

        Assert.Throws<RemoteReadProtocolException>(() => RemoteReadServerCodec.DecodeRequest(SnappyBlock.Compress(request.ToByteArray()), 4 << 20));
    }

    [Fact]
    public void EncodeSamplesResponse_OurDecoder_ReadsTheSameSeriesSorted()
    {
        var b = new TimeSeries(LabelSet.From(("__name__", "predicted"), ("job", "b")), [60_000, 120_000], [1.5, double.NaN]);
        var a = new TimeSeries(LabelSet.From(("__name__", "predicted"), ("job", "a")), [60_000], [-2]);

        var body = RemoteReadServerCodec.EncodeSamplesResponse([[b, a]]);

        using var decoded = SamplesResponseDecoder.Decode(body, long.MinValue, long.MaxValue, Limits);
        var series = decoded.Series();
        Assert.Equal([a.Labels, b.Labels], series.Select(s => s.Labels));
        Assert.Equal(b.TimestampsMs, series[1].TimestampsMs);
        Assert.Equal(1.5, series[1].Values[0]);
        Assert.True(double.IsNaN(series[1].Values[1]));
        Assert.Equal(-2, series[0].Values[0]);
    }
}
