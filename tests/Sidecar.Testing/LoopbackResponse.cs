namespace Sidecar.Testing;

/// <summary>
/// What a <see cref="LoopbackHttpServer"/> answers: a text <see cref="Body"/> with its Content-Length, or, when
/// <see cref="Bytes"/> is set, those bytes chunked, without a Content-Length (as a proxy that streams a body does), with
/// the extra <see cref="Headers"/>.
/// </summary>
public sealed record LoopbackResponse(int StatusCode, string ContentType, string Body, byte[]? Bytes = null, IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>200 with a Prometheus text exposition body.</summary>
    public static LoopbackResponse Metrics(string text) => new(200, "text/plain; version=0.0.4; charset=utf-8", text);

    /// <summary>200 with an empty body.</summary>
    public static LoopbackResponse Ok { get; } = new(200, "text/plain", "");
}
