using System.Reflection;

namespace Sidecar.Exposition;

/// <summary>Version and git revision of the running binary, from the assembly's informational version.</summary>
public sealed record BuildInfo(string Version, string Revision)
{
    /// <summary>Reads the informational version (<c>1.2.3+abcdef…</c>) of <paramref name="assembly"/>.</summary>
    public static BuildInfo From(Assembly assembly) => Parse(
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? assembly.GetName().Version?.ToString()
        ?? "unknown");

    /// <summary>Splits <c>1.2.3+abcdef</c> at the plus; the revision is <c>unknown</c> when there is none.</summary>
    public static BuildInfo Parse(string informationalVersion)
    {
        var plus = informationalVersion.IndexOf('+', StringComparison.Ordinal);
        return plus < 0
            ? new BuildInfo(informationalVersion, "unknown")
            : new BuildInfo(informationalVersion[..plus], informationalVersion[(plus + 1)..]);
    }
}
