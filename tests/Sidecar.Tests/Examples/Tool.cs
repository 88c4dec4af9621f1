using Sidecar.Testing;

namespace Sidecar.Tests.Examples;

/// <summary>Runs the real checkers (promtool, amtool, docker-compose) from the repository root.</summary>
internal static class Tool
{
    /// <summary>Runs <paramref name="fileName"/> in the repository root; returns its output, throws with it on failure.</summary>
    public static Task<string> RunAsync(string fileName, params string[] arguments) =>
        ExternalProcess.RunAsync("/usr/bin/env", ["-C", Repo.Root, fileName, .. arguments]);
}
