using Microsoft.Extensions.Logging.Console;

namespace Sidecar.Logging;

/// <summary>Configures the console log from <c>--log.level</c> and <c>--log.format</c>.</summary>
public static class SidecarLogging
{
    /// <summary>The accepted <c>--log.level</c> values.</summary>
    public static IReadOnlyList<string> Levels { get; } = ["debug", "info", "warn", "error"];

    /// <summary>Parses a <c>--log.level</c> value; null when it is not one of <see cref="Levels"/>.</summary>
    public static LogLevel? ParseLevel(string text) => text switch
    {
        "debug" => LogLevel.Debug,
        "info" => LogLevel.Information,
        "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => null,
    };

    /// <summary>Parses a <c>--log.format</c> value (<c>logfmt</c> or <c>json</c>); null otherwise.</summary>
    public static LogFormat? ParseFormat(string text) => text switch
    {
        "logfmt" => LogFormat.Logfmt,
        "json" => LogFormat.Json,
        _ => null,
    };

    /// <summary>
    /// Replaces the providers with one console logger in <paramref name="format"/> at <paramref name="level"/>;
    /// ASP.NET Core's per-request chatter is held to warnings unless the level is debug.
    /// </summary>
    public static ILoggingBuilder Configure(ILoggingBuilder logging, LogLevel level, LogFormat format)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(level);
        if (level > LogLevel.Debug)
        {
            logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        }

        if (format == LogFormat.Json)
        {
            logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            });
        }
        else
        {
            logging.AddConsole(o => o.FormatterName = LogfmtConsoleFormatter.FormatterName);
            logging.AddConsoleFormatter<LogfmtConsoleFormatter, ConsoleFormatterOptions>();
        }

        // Console output goes to stderr, as Prometheus writes its log.
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        return logging;
    }
}
