using System.Diagnostics;
using System.Text;
using Prometheus;

namespace Sidecar.Testing;

/// <summary>Renders a registry the way <c>/metrics</c> does and runs the real <c>promtool check metrics</c> on it.</summary>
public static class MetricsText
{
    public static async Task<string> RenderAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Lines of <paramref name="text"/> that are samples (not comments).</summary>
    public static string[] Samples(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')).ToArray();

    /// <summary>Runs <c>promtool check metrics</c> with <paramref name="text"/> on stdin; returns exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> PromtoolCheckAsync(string text)
    {
        var info = new ProcessStartInfo(Sidecar.Testing.ExternalProcess.Which("promtool"))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("check");
        info.ArgumentList.Add("metrics");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(text);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
