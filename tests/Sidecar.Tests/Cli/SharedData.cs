namespace Sidecar.Tests.Cli;

/// <summary>Finds the read-only shared reference data (<c>../shared</c> beside the repository, as in CI).</summary>
internal static class SharedData
{
    /// <summary>The NAB data directory (<c>shared/data/nab/data</c>).</summary>
    public static string NabData => Path.Combine(Root, "data", "nab", "data");

    private static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "shared");
                if (Directory.Exists(Path.Combine(candidate, "data", "nab")))
                {
                    return candidate;
                }
            }

            throw new DirectoryNotFoundException($"no shared/data/nab in any ancestor of {AppContext.BaseDirectory}");
        }
    }
}
