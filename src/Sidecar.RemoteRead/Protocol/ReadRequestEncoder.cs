using Google.Protobuf;
using Sidecar.RemoteRead.Prompb;

namespace Sidecar.RemoteRead.Protocol;

/// <summary>Builds the snappy-compressed prompb <c>ReadRequest</c> body for one query. Thread-safe (stateless).</summary>
internal static class ReadRequestEncoder
{
    public static byte[] Encode(ReadQuery query, IReadOnlyList<RemoteReadResponseType> accepted) =>
        SnappyBlock.Compress(ToProto(query, accepted).ToByteArray());

    public static ReadRequest ToProto(ReadQuery query, IReadOnlyList<RemoteReadResponseType> accepted)
    {
        var proto = new Query { StartTimestampMs = query.StartMs, EndTimestampMs = query.EndMs };
        foreach (var matcher in query.Matchers)
        {
            proto.Matchers.Add(new LabelMatcher
            {
                Type = matcher.Type switch
                {
                    MatchType.Equal => LabelMatcher.Types.Type.Eq,
                    MatchType.NotEqual => LabelMatcher.Types.Type.Neq,
                    MatchType.RegexMatch => LabelMatcher.Types.Type.Re,
                    MatchType.RegexNoMatch => LabelMatcher.Types.Type.Nre,
                    _ => throw new ArgumentOutOfRangeException(nameof(query), matcher.Type, "unknown match type"),
                },
                Name = matcher.Name,
                Value = matcher.Value,
            });
        }

        var request = new ReadRequest();
        request.Queries.Add(proto);
        foreach (var type in accepted)
        {
            request.AcceptedResponseTypes.Add(type switch
            {
                RemoteReadResponseType.Samples => ReadRequest.Types.ResponseType.Samples,
                RemoteReadResponseType.StreamedXorChunks => ReadRequest.Types.ResponseType.StreamedXorChunks,
                _ => throw new ArgumentOutOfRangeException(nameof(accepted), type, "unknown response type"),
            });
        }

        return request;
    }
}
