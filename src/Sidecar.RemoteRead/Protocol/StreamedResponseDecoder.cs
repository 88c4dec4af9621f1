namespace Sidecar.RemoteRead.Protocol;

/// <summary>
/// Decodes a STREAMED_XOR_CHUNKS body while it arrives: frame by frame (<see cref="ChunkedFrameReader"/>), each a
/// <c>ChunkedReadResponse</c> read in place. Consecutive <c>ChunkedSeries</c> with the same labels are one series
/// continued across frames. Chunks are whole TSDB chunks, so samples outside the query's inclusive range are
/// dropped here, as are stale markers. Native-histogram chunks are skipped (this client reads float samples).
/// Not thread-safe; one instance per response; the result owns the samples' arena.
/// </summary>
internal sealed class StreamedResponseDecoder
{
    private const int XorEncoding = 1;
    private const int HistogramEncoding = 2;
    private const int FloatHistogramEncoding = 3;

    private readonly long _startMs;
    private readonly long _endMs;
    private readonly DecodeLimits _limits;
    private readonly SampleArena _arena = new();
    private readonly SeriesBuilder _builder;
    private readonly List<SeriesPart> _parts = [];
    private readonly List<Label> _labels = [];
    private LabelSet? _current;
    private long _samples;
    private int _frames;

    public StreamedResponseDecoder(long startMs, long endMs, DecodeLimits limits)
    {
        _startMs = startMs;
        _endMs = endMs;
        _limits = limits;
        _builder = new SeriesBuilder(startMs, endMs, _arena);
    }

    /// <summary>Reads and decodes the whole body of one single-query request.</summary>
    public static async Task<DecodedResponse> DecodeAsync(
        Stream body, long startMs, long endMs, DecodeLimits limits, CancellationToken cancellationToken)
    {
        using var reader = new ChunkedFrameReader(body, limits);
        var decoder = new StreamedResponseDecoder(startMs, endMs, limits);
        try
        {
            while (await reader.ReadNextAsync(cancellationToken).ConfigureAwait(false))
            {
                decoder.AddFrame(reader.Current.Span);
            }

            return decoder.Finish(reader.BytesRead);
        }
        catch
        {
            decoder.Abandon();
            throw;
        }
    }

    /// <summary>Decodes one frame's <c>ChunkedReadResponse</c>.</summary>
    public void AddFrame(ReadOnlySpan<byte> frame)
    {
        var reader = new ProtoReader(frame);
        ulong queryIndex = 0;
        while (!reader.End)
        {
            var field = reader.ReadTag(out var wireType);
            switch (field)
            {
                case 1:
                    ProtoReader.Expect(field, wireType, ProtoReader.LengthDelimited);
                    AddSeries(reader.ReadBytes());
                    break;
                case 2:
                    ProtoReader.Expect(field, wireType, ProtoReader.Varint);
                    queryIndex = reader.ReadVarint();
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        if (queryIndex != 0)
        {
            throw new RemoteReadProtocolException(
                $"frame {_frames} answers query_index {(long)queryIndex}, but the request had one query");
        }

        _frames++;
    }

    /// <summary>Completes the last series and returns everything decoded (which then owns the arena).</summary>
    public DecodedResponse Finish(long bodyBytes)
    {
        CompleteCurrent();
        return new DecodedResponse(_parts, _arena, _samples, bodyBytes);
    }

    /// <summary>Returns the arena's buffers after a failure.</summary>
    public void Abandon() => _arena.Dispose();

    private void AddSeries(ReadOnlySpan<byte> message)
    {
        // Labels first (field order on the wire is not guaranteed), then chunks.
        _labels.Clear();
        var reader = new ProtoReader(message);
        while (!reader.End)
        {
            var field = reader.ReadTag(out var wireType);
            if (field == 1)
            {
                ProtoReader.Expect(field, wireType, ProtoReader.LengthDelimited);
                _labels.Add(LabelDecoder.Read(reader.ReadBytes()));
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        var labels = LabelDecoder.ToSet(_labels);
        if (!labels.Equals(_current))
        {
            CompleteCurrent();
            _current = labels;
            _builder.Clear();
        }

        reader = new ProtoReader(message);
        while (!reader.End)
        {
            var field = reader.ReadTag(out var wireType);
            if (field == 2)
            {
                ProtoReader.Expect(field, wireType, ProtoReader.LengthDelimited);
                AddChunk(reader.ReadBytes());
            }
            else
            {
                reader.Skip(wireType);
            }
        }
    }

    private void AddChunk(ReadOnlySpan<byte> message)
    {
        long minTime = 0, maxTime = 0;
        ulong encoding = 0;
        var data = ReadOnlySpan<byte>.Empty;
        var reader = new ProtoReader(message);
        while (!reader.End)
        {
            var field = reader.ReadTag(out var wireType);
            switch (field)
            {
                case 1:
                    ProtoReader.Expect(field, wireType, ProtoReader.Varint);
                    minTime = (long)reader.ReadVarint();
                    break;
                case 2:
                    ProtoReader.Expect(field, wireType, ProtoReader.Varint);
                    maxTime = (long)reader.ReadVarint();
                    break;
                case 3:
                    ProtoReader.Expect(field, wireType, ProtoReader.Varint);
                    encoding = reader.ReadVarint();
                    break;
                case 4:
                    ProtoReader.Expect(field, wireType, ProtoReader.LengthDelimited);
                    data = reader.ReadBytes();
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        switch (encoding)
        {
            case XorEncoding:
                // [min, max] is inclusive; a chunk wholly outside the query contributes nothing.
                if (maxTime < _startMs || minTime > _endMs)
                {
                    return;
                }

                _samples += _builder.AppendXorChunk(data);
                _limits.CheckSamples(_samples);
                break;
            case HistogramEncoding:
            case FloatHistogramEncoding:
                break;
            default:
                throw new RemoteReadProtocolException($"series {_current} has a chunk with unknown encoding {encoding}");
        }
    }

    private void CompleteCurrent()
    {
        if (_current is not null && _builder.Complete(_current) is { } part)
        {
            _parts.Add(part);
        }

        _current = null;
    }
}
