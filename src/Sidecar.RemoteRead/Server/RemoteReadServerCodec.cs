using Google.Protobuf;
using Sidecar.RemoteRead.Prompb;
using Sidecar.RemoteRead.Protocol;

namespace Sidecar.RemoteRead.Server;

/// <summary>
/// The server half of remote read: decodes a snappy-compressed <c>ReadRequest</c> and encodes the SAMPLES response
/// (one snappy-compressed <c>ReadResponse</c>, one <c>QueryResult</c> per query in request order). Protobuf types stay
/// inside; callers see <see cref="ReadQuery"/> and <see cref="TimeSeries"/>. Thread-safe (stateless).
/// </summary>
public static class RemoteReadServerCodec
{
    /// <summary>The <c>Content-Type</c> of a SAMPLES response; its <c>Content-Encoding</c> is <c>snappy</c>.</summary>
    public const string SamplesContentType = "application/x-protobuf";

    /// <summary>
    /// Decodes <paramref name="body"/>. The declared uncompressed length is checked against
    /// <paramref name="maxDecompressedBytes"/> before anything is allocated for it.
    /// </summary>
    /// <exception cref="RemoteReadLimitException">The body declares more than <paramref name="maxDecompressedBytes"/>.</exception>
    /// <exception cref="RemoteReadProtocolException">The body is not valid snappy or not a valid <c>ReadRequest</c>.</exception>
    public static ReadRequestBody DecodeRequest(ReadOnlyMemory<byte> body, int maxDecompressedBytes)
    {
        var declared = SnappyBlock.ReadDeclaredLength(body.Span);
        if (declared > maxDecompressedBytes)
        {
            throw new RemoteReadLimitException(
                $"request declares {declared} uncompressed bytes, more than the {maxDecompressedBytes} accepted", "max_request_bytes", maxDecompressedBytes);
        }

        var buffer = SnappyBlock.DecompressRented(body, maxDecompressedBytes, out var length);
        ReadRequest request;
        try
        {
            request = ReadRequest.Parser.ParseFrom(buffer.AsSpan(0, length));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new RemoteReadProtocolException($"malformed ReadRequest: {e.Message}", e);
        }
        finally
        {
            ResponseBuffers.Return(buffer);
        }

        var queries = new List<ReadQuery>(request.Queries.Count);
        foreach (var query in request.Queries)
        {
            var matchers = new List<Matcher>(query.Matchers.Count);
            foreach (var matcher in query.Matchers)
            {
                var type = matcher.Type switch
                {
                    LabelMatcher.Types.Type.Eq => MatchType.Equal,
                    LabelMatcher.Types.Type.Neq => MatchType.NotEqual,
                    LabelMatcher.Types.Type.Re => MatchType.RegexMatch,
                    LabelMatcher.Types.Type.Nre => MatchType.RegexNoMatch,
                    _ => throw new RemoteReadProtocolException($"unknown label matcher type {(int)matcher.Type} for label \"{matcher.Name}\""),
                };
                matchers.Add(new Matcher(type, matcher.Name, matcher.Value));
            }

            if (query.StartTimestampMs > query.EndTimestampMs)
            {
                throw new RemoteReadProtocolException($"query start {query.StartTimestampMs} is after its end {query.EndTimestampMs}");
            }

            queries.Add(new ReadQuery(query.StartTimestampMs, query.EndTimestampMs, matchers));
        }

        // Unknown enum values are kept by proto3 as numbers; a server picks the first type it knows.
        var accepted = request.AcceptedResponseTypes
            .Where(t => t is ReadRequest.Types.ResponseType.Samples or ReadRequest.Types.ResponseType.StreamedXorChunks)
            .Select(t => t == ReadRequest.Types.ResponseType.Samples ? RemoteReadResponseType.Samples : RemoteReadResponseType.StreamedXorChunks)
            .ToList();
        return new ReadRequestBody(queries, accepted);
    }

    /// <summary>
    /// Encodes a SAMPLES response: <paramref name="results"/> holds one list of series per query, in request order.
    /// Within a result the series are sorted as Prometheus's <c>labels.Compare</c> orders them.
    /// </summary>
    public static byte[] EncodeSamplesResponse(IReadOnlyList<IReadOnlyList<TimeSeries>> results)
    {
        var response = new ReadResponse();
        foreach (var result in results)
        {
            var proto = new QueryResult();
            foreach (var series in result.OrderBy(s => s.Labels, LabelSetComparer.Instance))
            {
                var ts = new Prompb.TimeSeries();
                foreach (var label in series.Labels)
                {
                    ts.Labels.Add(new Prompb.Label { Name = label.Name, Value = label.Value });
                }

                for (var i = 0; i < series.Count; i++)
                {
                    ts.Samples.Add(new Sample { Timestamp = series.TimestampsMs[i], Value = series.Values[i] });
                }

                proto.Timeseries.Add(ts);
            }

            response.Results.Add(proto);
        }

        return SnappyBlock.Compress(response.ToByteArray());
    }
}
