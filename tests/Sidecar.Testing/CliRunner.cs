using Sidecar.Cli;

namespace Sidecar.Testing;

/// <summary>Runs a <see cref="CliApp"/> in-process with captured stdout and stderr.</summary>
public static class CliRunner
{
    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(CliApp app, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await app.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
