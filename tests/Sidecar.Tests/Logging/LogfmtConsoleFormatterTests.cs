using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Sidecar.Logging;

namespace Sidecar.Tests.Logging;

public sealed partial class LogfmtConsoleFormatterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 2, 3, 4, 5, 678, TimeSpan.Zero));

    [Fact]
    public void Write_LoggerMessageEvent_IsOneLogfmtLineWithSnakeCaseKeys()
    {
        var (logger, output) = Capture("Sidecar.Scheduling.SelectorRunner");

        LogFit(logger, "api_rps", 12, 1.5);

        Assert.Equal(
            "ts=2025-01-02T03:04:05.678Z level=info logger=SelectorRunner msg=\"fit finished for api_rps: 12 series in 1.5s\" selector=api_rps series_count=12 duration_seconds=1.5\n",
            output.ToString());
    }

    [Fact]
    public void Write_ValuesNeedingQuotes_AreQuotedAndEscaped()
    {
        var (logger, output) = Capture("X");

        LogValue(logger, "a \"quoted\" =\nline\\");

        Assert.Equal(
            "ts=2025-01-02T03:04:05.678Z level=warn logger=X msg=\"value: a \\\"quoted\\\" =\\nline\\\\\" value=\"a \\\"quoted\\\" =\\nline\\\\\"\n",
            output.ToString());
    }

    [Fact]
    public void Write_Exception_IsErrKeyWithInnerMessages()
    {
        var (logger, output) = Capture("X");

        LogFailure(logger, "default", new HttpRequestException("outer", new IOException("connection refused")));

        Assert.EndsWith(" source=default err=\"HttpRequestException: outer: IOException: connection refused\"\n", output.ToString(), StringComparison.Ordinal);
        Assert.Contains(" level=error ", output.ToString(), StringComparison.Ordinal);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "fit finished for {Selector}: {SeriesCount} series in {DurationSeconds}s")]
    private static partial void LogFit(ILogger logger, string selector, int seriesCount, double durationSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "value: {Value}")]
    private static partial void LogValue(ILogger logger, string value);

    [LoggerMessage(Level = LogLevel.Error, Message = "read failed from {Source}")]
    private static partial void LogFailure(ILogger logger, string source, Exception exception);

    private (ILogger Logger, StringWriter Output) Capture(string category)
    {
        var output = new StringWriter();
        return (new FormattingLogger(new LogfmtConsoleFormatter(_time), category, output), output);
    }

    /// <summary>Feeds events straight to the formatter, as the console logger does, without its background queue.</summary>
    private sealed class FormattingLogger(LogfmtConsoleFormatter formatter, string category, TextWriter output) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter1) =>
            formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter1), null, output);
    }
}
