using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Sidecar.Text;

namespace Sidecar.Logging;

/// <summary>
/// Writes each event as one logfmt line, the way Prometheus and its exporters log:
/// <c>ts=2025-01-02T03:04:05.678Z level=warn logger=SelectorRunner msg="…" selector=api err="…"</c>.
/// Structured keys of <c>[LoggerMessage]</c> templates are written in snake_case. Thread-safe (stateless).
/// </summary>
public sealed class LogfmtConsoleFormatter : ConsoleFormatter
{
    /// <summary>The name to select with <c>ConsoleLoggerOptions.FormatterName</c>.</summary>
    public const string FormatterName = "logfmt";

    private const string OriginalFormat = "{OriginalFormat}";

    private readonly TimeProvider _time;

    /// <summary>Creates the formatter; timestamps come from <paramref name="time"/>.</summary>
    public LogfmtConsoleFormatter(TimeProvider time)
        : base(FormatterName)
    {
        _time = time;
    }

    /// <inheritdoc />
    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        var line = new StringBuilder(128);
        line.Append("ts=").Append(_time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        line.Append(" level=").Append(LevelName(logEntry.LogLevel));
        var category = logEntry.Category;
        line.Append(" logger=");
        AppendValue(line, category[(category.LastIndexOf('.') + 1)..]);
        line.Append(" msg=");
        AppendValue(line, message ?? string.Empty);
        if (logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> pairs)
        {
            foreach (var (key, value) in pairs)
            {
                if (key == OriginalFormat)
                {
                    continue;
                }

                line.Append(' ').Append(SnakeCase.From(key)).Append('=');
                AppendValue(line, Format(value));
            }
        }

        if (logEntry.Exception is { } exception)
        {
            line.Append(" err=");
            AppendValue(line, Describe(exception));
        }

        textWriter.Write(line.Append('\n').ToString());
    }

    /// <summary>Prometheus's level names: debug, info, warn, error.</summary>
    public static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        _ => "error",
    };

    /// <summary>Appends <paramref name="value"/>, quoted and escaped when it holds spaces, quotes, '=' or controls.</summary>
    public static void AppendValue(StringBuilder line, string value)
    {
        var quote = value.Length == 0;
        foreach (var c in value)
        {
            if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c == '\u007f')
            {
                quote = true;
                break;
            }
        }

        if (!quote)
        {
            line.Append(value);
            return;
        }

        line.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': line.Append("\\\""); break;
                case '\\': line.Append("\\\\"); break;
                case '\n': line.Append("\\n"); break;
                case '\r': line.Append("\\r"); break;
                case '\t': line.Append("\\t"); break;
                default:
                    if (char.IsControl(c))
                    {
                        line.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        line.Append(c);
                    }

                    break;
            }
        }

        line.Append('"');
    }

    private static string Format(object? value) => value switch
    {
        null => string.Empty,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        TimeSpan t => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Describe(Exception exception)
    {
        var sb = new StringBuilder();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (sb.Length > 0)
            {
                sb.Append(": ");
            }

            sb.Append(e.GetType().Name).Append(": ").Append(e.Message);
        }

        return sb.ToString();
    }
}
