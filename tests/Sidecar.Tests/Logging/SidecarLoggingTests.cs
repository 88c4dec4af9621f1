using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Sidecar.Logging;

namespace Sidecar.Tests.Logging;

public sealed class SidecarLoggingTests
{
    [Theory]
    [InlineData(LogFormat.Logfmt, "logfmt")]
    [InlineData(LogFormat.Json, "json")]
    public void Configure_Format_SelectsTheConsoleFormatterAndWritesToStderr(LogFormat format, string formatter)
    {
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddLogging(logging => SidecarLogging.Configure(logging, LogLevel.Warning, format));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value;
        var factory = provider.GetRequiredService<ILoggerFactory>();

        Assert.Equal(formatter, options.FormatterName);
        Assert.Equal(LogLevel.Trace, options.LogToStandardErrorThreshold);
        Assert.Contains(provider.GetServices<ConsoleFormatter>(), f => f.Name == formatter);
        Assert.False(factory.CreateLogger("Sidecar.X").IsEnabled(LogLevel.Information));
        Assert.True(factory.CreateLogger("Sidecar.X").IsEnabled(LogLevel.Warning));
    }

    [Theory]
    [InlineData("debug", LogLevel.Debug)]
    [InlineData("info", LogLevel.Information)]
    [InlineData("warn", LogLevel.Warning)]
    [InlineData("error", LogLevel.Error)]
    [InlineData("verbose", null)]
    public void ParseLevel_PrometheusNames_MapToLevels(string text, LogLevel? expected)
    {
        Assert.Equal(expected, SidecarLogging.ParseLevel(text));
    }

    [Theory]
    [InlineData("logfmt", LogFormat.Logfmt)]
    [InlineData("json", LogFormat.Json)]
    [InlineData("text", null)]
    public void ParseFormat_Names_MapToFormats(string text, LogFormat? expected)
    {
        Assert.Equal(expected, SidecarLogging.ParseFormat(text));
    }
}
