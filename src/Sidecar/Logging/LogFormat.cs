namespace Sidecar.Logging;

/// <summary>Output format of the log (<c>--log.format</c>).</summary>
public enum LogFormat
{
    /// <summary>One <c>key=value</c> line per event, as Prometheus logs.</summary>
    Logfmt,

    /// <summary>One JSON object per line.</summary>
    Json,
}
