namespace Sidecar.Testing;

/// <summary>What a <see cref="LoopbackHttpServer"/> answers.</summary>
public sealed record LoopbackResponse(int StatusCode, string ContentType, string Body)
{
    /// <summary>200 with a Prometheus text exposition body.</summary>
    public static LoopbackResponse Metrics(string text) => new(200, "text/plain; version=0.0.4; charset=utf-8", text);

    /// <summary>200 with an empty body.</summary>
    public static LoopbackResponse Ok { get; } = new(200, "text/plain", "");
}
