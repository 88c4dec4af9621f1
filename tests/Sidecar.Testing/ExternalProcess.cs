using System.Diagnostics;
using System.Text;

namespace Sidecar.Testing;

/// <summary>
/// A child process (Prometheus, Alertmanager, promtool) whose output is captured for failure messages and which
/// is killed with its children on dispose.
/// </summary>
public sealed class ExternalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ExternalProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The OS process id.</summary>
    public int Id => _process.Id;

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="fileName"/> with <paramref name="arguments"/>, with <paramref name="environment"/> added to
    /// (or overriding) the inherited variables.
    /// </summary>
    /// <exception cref="InvalidOperationException">The executable is not on PATH.</exception>
    public static ExternalProcess Start(
        string fileName, IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(Which(fileName))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };

        // A .NET child (the sidecar) opens clr-debug-pipe-*/dotnet-diagnostic-* in /tmp and removes them only on a
        // clean exit; Dispose kills it, so without this every run would leave three entries per child behind.
        info.Environment["DOTNET_EnableDiagnostics"] = "0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var external = new ExternalProcess(process);
        process.OutputDataReceived += (_, e) => external.Append(e.Data);
        process.ErrorDataReceived += (_, e) => external.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return external;
    }

    /// <summary>Runs a command to completion and returns its output.</summary>
    /// <exception cref="InvalidOperationException">The command exited non-zero.</exception>
    public static async Task<string> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        await using var process = Start(fileName, arguments);
        await process._process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process._process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} exited with {process._process.ExitCode}:\n{process.Output}");
        }

        return process.Output;
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the process to exit and for its stdout and stderr to be read to the
    /// end, so that <see cref="Output"/> is complete. Returns false on timeout (the process keeps running).
    /// </summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Finds <paramref name="fileName"/> on PATH (or returns it as given when it contains a slash).</summary>
    public static string Which(string fileName)
    {
        if (fileName.Contains('/'))
        {
            return fileName;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            var candidate = Path.Combine(dir, fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"{fileName} is not on PATH; install it (apt-get install -y prometheus prometheus-alertmanager)");
    }

    /// <summary>Sends SIGKILL to the process tree and waits for it to go.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            // Keep the tail only: a chatty process must not grow test memory without bound.
            if (_output.Length > 1 << 20)
            {
                _output.Remove(0, _output.Length / 2);
            }

            _output.AppendLine(line);
        }
    }
}
