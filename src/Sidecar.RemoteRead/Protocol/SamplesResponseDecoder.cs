namespace Sidecar.RemoteRead.Protocol;

/// <summary>
/// Decodes a SAMPLES body: one snappy block holding a <c>ReadResponse</c>, read in place (no message object per
/// sample). Checks the declared uncompressed size before allocating, that there is exactly one result per query,
/// and keeps only in-range, non-stale samples. Thread-safe (stateless).
/// </summary>
internal static class SamplesResponseDecoder
{
    /// <summary>Decodes the compressed body of one single-query request.</summary>
    public static DecodedResponse Decode(ReadOnlyMemory<byte> compressed, long startMs, long endMs, DecodeLimits limits)
    {
        var buffer = SnappyBlock.DecompressRented(compressed, limits.MaxResponseBytes, out var length);
        var arena = new SampleArena();
        try
        {
            var builder = new SeriesBuilder(startMs, endMs, arena);
            var series = new List<SeriesPart>();
            var labels = new List<Label>();
            long samples = 0;
            var results = 0;
            var reader = new ProtoReader(buffer.AsSpan(0, length));
            while (!reader.End)
            {
                var field = reader.ReadTag(out var wireType);
                if (field != 1)
                {
                    reader.Skip(wireType);
                    continue;
                }

                ProtoReader.Expect(field, wireType, ProtoReader.LengthDelimited);
                if (++results > 1)
                {
                    throw new RemoteReadProtocolException("response has more results than the request had queries (1)");
                }

                var result = new ProtoReader(reader.ReadBytes());
                while (!result.End)
                {
                    var resultField = result.ReadTag(out var resultWireType);
                    if (resultField != 1)
                    {
                        result.Skip(resultWireType);
                        continue;
                    }

                    ProtoReader.Expect(resultField, resultWireType, ProtoReader.LengthDelimited);
                    samples += ReadSeries(result.ReadBytes(), builder, labels, series);
                    limits.CheckSamples(samples);
                }
            }

            if (results != 1)
            {
                throw new RemoteReadProtocolException($"response has {results} results for a request with 1 query");
            }

            return new DecodedResponse(series, arena, samples, compressed.Length);
        }
        catch
        {
            arena.Dispose();
            throw;
        }
        finally
        {
            ResponseBuffers.Return(buffer);
        }
    }

    private static int ReadSeries(ReadOnlySpan<byte> message, SeriesBuilder builder, List<Label> labels, List<SeriesPart> output)
    {
        builder.Clear();
        labels.Clear();
        var kept = 0;
        var reader = new ProtoReader(message);
        while (!reader.End)
        {
            var field = reader.ReadTag(out var wireType);
            switch (field)
            {
                case 1:
                    ProtoReader.Expect(field, wireType, ProtoReader.LengthDelimited);
                    labels.Add(LabelDecoder.Read(reader.ReadBytes()));
                    break;
                case 2:
                    ProtoReader.Expect(field, wireType, ProtoReader.LengthDelimited);
                    var (timestamp, value) = ReadSample(reader.ReadBytes());
                    if (builder.Append(timestamp, value))
                    {
                        kept++;
                    }

                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        var set = LabelDecoder.ToSet(labels);
        if (builder.Complete(set) is { } part)
        {
            output.Add(part);
        }

        return kept;
    }

    private static (long Timestamp, double Value) ReadSample(ReadOnlySpan<byte> message)
    {
        long timestamp = 0;
        double value = 0;
        var reader = new ProtoReader(message);
        while (!reader.End)
        {
            var field = reader.ReadTag(out var wireType);
            switch (field)
            {
                case 1:
                    ProtoReader.Expect(field, wireType, ProtoReader.Fixed64);
                    value = reader.ReadDouble();
                    break;
                case 2:
                    ProtoReader.Expect(field, wireType, ProtoReader.Varint);
                    timestamp = (long)reader.ReadVarint();
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return (timestamp, value);
    }
}
