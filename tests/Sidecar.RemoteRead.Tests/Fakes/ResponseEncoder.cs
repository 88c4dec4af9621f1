using System.Buffers.Binary;
using Google.Protobuf;
using Sidecar.RemoteRead.Prompb;
using Sidecar.RemoteRead.Protocol;
using Snappier;

namespace Sidecar.RemoteRead.Tests.Fakes;

/// <summary>
/// Test-only server side of the protocol: builds STREAMED_XOR_CHUNKS and SAMPLES bodies from series, the way
/// Prometheus's remote-read handler lays them out (chunks of up to 120 samples; one series per frame, split into
/// further frames once a frame's chunk bytes pass a budget).
/// </summary>
public static class ResponseEncoder
{
    public const string StreamedContentType = "application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse";
    public const string SamplesContentType = "application/x-protobuf";

    /// <summary>One frame: uvarint length, big-endian CRC-32C, payload.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> payload, uint? crcOverride = null)
    {
        var header = new List<byte>();
        var length = (ulong)payload.Length;
        while (length >= 0x80)
        {
            header.Add((byte)(length | 0x80));
            length >>= 7;
        }

        header.Add((byte)length);
        var frame = new byte[header.Count + 4 + payload.Length];
        header.CopyTo(frame);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(header.Count), crcOverride ?? Crc32C.Compute(payload));
        payload.CopyTo(frame.AsSpan(header.Count + 4));
        return frame;
    }

    /// <summary>The <c>ChunkedReadResponse</c> payloads (not yet framed) for <paramref name="series"/>.</summary>
    public static List<byte[]> StreamedPayloads(
        IEnumerable<TimeSeries> series, int samplesPerChunk = 120, int frameBudgetBytes = 1 << 20, long queryIndex = 0)
    {
        var payloads = new List<byte[]>();
        foreach (var s in series)
        {
            var labels = s.Labels.Select(l => new Prompb.Label { Name = l.Name, Value = l.Value }).ToList();
            var current = NewSeries(labels);
            var budget = frameBudgetBytes;
            for (var offset = 0; offset < s.Count; offset += samplesPerChunk)
            {
                var n = Math.Min(samplesPerChunk, s.Count - offset);
                var chunk = new Chunk
                {
                    MinTimeMs = s.TimestampsMs[offset],
                    MaxTimeMs = s.TimestampsMs[offset + n - 1],
                    Type = Chunk.Types.Encoding.Xor,
                    Data = ByteString.CopyFrom(XorChunkEncoder.Encode(s.TimestampsMs.AsSpan(offset, n), s.Values.AsSpan(offset, n))),
                };
                current.Chunks.Add(chunk);
                budget -= chunk.CalculateSize();
                if (budget <= 0 && offset + n < s.Count)
                {
                    payloads.Add(Wrap(current, queryIndex));
                    current = NewSeries(labels);
                    budget = frameBudgetBytes;
                }
            }

            payloads.Add(Wrap(current, queryIndex));
        }

        return payloads;
    }

    /// <summary>A whole streamed body: every payload framed.</summary>
    public static byte[] StreamedBody(IEnumerable<TimeSeries> series, int samplesPerChunk = 120, int frameBudgetBytes = 1 << 20) =>
        StreamedPayloads(series, samplesPerChunk, frameBudgetBytes).SelectMany(p => Frame(p)).ToArray();

    /// <summary>The uncompressed <c>ReadResponse</c> with one result per entry of <paramref name="results"/>.</summary>
    public static byte[] ReadResponse(params IEnumerable<TimeSeries>[] results)
    {
        var response = new ReadResponse();
        foreach (var result in results)
        {
            var queryResult = new QueryResult();
            foreach (var s in result)
            {
                var proto = new Prompb.TimeSeries();
                proto.Labels.AddRange(s.Labels.Select(l => new Prompb.Label { Name = l.Name, Value = l.Value }));
                for (var i = 0; i < s.Count; i++)
                {
                    proto.Samples.Add(new Sample { Timestamp = s.TimestampsMs[i], Value = s.Values[i] });
                }

                queryResult.Timeseries.Add(proto);
            }

            response.Results.Add(queryResult);
        }

        return response.ToByteArray();
    }

    /// <summary>A SAMPLES body: the snappy-compressed <c>ReadResponse</c> with one result.</summary>
    public static byte[] SamplesBody(IEnumerable<TimeSeries> series) => Compress(ReadResponse(series));

    /// <summary>
    /// A snappy block compressed into an exact array. Snappier's <c>CompressToArray</c> rents its scratch output from
    /// <see cref="System.Buffers.ArrayPool{T}.Shared"/>, which would leave a body-sized array pooled on the test's thread
    /// and hide a decoder that rents the same size there (RemoteReadClientMemoryTests).
    /// </summary>
    private static byte[] Compress(ReadOnlySpan<byte> data)
    {
        var output = new byte[Snappy.GetMaxCompressedLength(data.Length)];
        var written = Snappy.Compress(data, output);
        return output.AsSpan(0, written).ToArray();
    }

    private static ChunkedSeries NewSeries(List<Prompb.Label> labels)
    {
        var series = new ChunkedSeries();
        series.Labels.AddRange(labels);
        return series;
    }

    private static byte[] Wrap(ChunkedSeries series, long queryIndex)
    {
        var response = new ChunkedReadResponse { QueryIndex = queryIndex };
        response.ChunkedSeries.Add(series);
        return response.ToByteArray();
    }
}
