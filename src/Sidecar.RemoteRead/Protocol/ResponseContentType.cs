using System.Net.Http.Headers;

namespace Sidecar.RemoteRead.Protocol;

/// <summary>
/// Decides how to decode a 2xx body from its <c>Content-Type</c> (never from what was asked for: a server may
/// ignore <c>accepted_response_types</c>).
/// </summary>
internal static class ResponseContentType
{
    public const string Samples = "application/x-protobuf";
    public const string Streamed = "application/x-streamed-protobuf";
    public const string StreamedProto = "prometheus.ChunkedReadResponse";

    /// <exception cref="RemoteReadProtocolException">Any other content type.</exception>
    public static RemoteReadResponseType Classify(MediaTypeHeaderValue? contentType)
    {
        var mediaType = contentType?.MediaType;
        if (string.Equals(mediaType, Samples, StringComparison.OrdinalIgnoreCase))
        {
            return RemoteReadResponseType.Samples;
        }

        if (string.Equals(mediaType, Streamed, StringComparison.OrdinalIgnoreCase))
        {
            var proto = contentType!.Parameters
                .FirstOrDefault(p => string.Equals(p.Name, "proto", StringComparison.OrdinalIgnoreCase))?.Value?.Trim('"');
            if (string.Equals(proto, StreamedProto, StringComparison.Ordinal))
            {
                return RemoteReadResponseType.StreamedXorChunks;
            }

            throw new RemoteReadProtocolException($"streamed response carries proto={proto ?? "<none>"}, expected {StreamedProto}");
        }

        throw new RemoteReadProtocolException(
            $"unexpected response Content-Type \"{contentType?.ToString() ?? "<none>"}\"; expected \"{Samples}\" or " +
            $"\"{Streamed}; proto={StreamedProto}\" (is the URL a Prometheus remote-read endpoint?)");
    }
}
