using System.Reflection;

namespace Sidecar.Cli;

/// <summary>Version and source revision of this build, from the assembly's informational version (<c>1.2.3+commit</c>).</summary>
public static class BuildInfo
{
    private static readonly string Informational =
        typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The version, e.g. <c>1.0.0</c>.</summary>
    public static string Version { get; } = Informational.Split('+')[0];

    /// <summary>The source revision (git commit) the build came from, or <c>unknown</c>.</summary>
    public static string Revision { get; } = Informational.Contains('+') ? Informational[(Informational.IndexOf('+') + 1)..] : "unknown";

    /// <summary>The <c>--version</c> text, in Prometheus's shape.</summary>
    public static string VersionText(string program) =>
        $"{program}, version {Version} (revision: {Revision})\n  .NET version: {Environment.Version}";
}
