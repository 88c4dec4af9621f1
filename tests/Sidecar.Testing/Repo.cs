namespace Sidecar.Testing;

/// <summary>Paths inside the repository the tests run from (found by walking up to <c>Sidecar.sln</c>).</summary>
public static class Repo
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Sidecar.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Sidecar.sln above {AppContext.BaseDirectory}");
    });

    /// <summary>The repository root.</summary>
    public static string Root => s_root.Value;

    /// <summary>An absolute path from a repository-relative one written with forward slashes.</summary>
    public static string Path(string relative) => System.IO.Path.Combine([Root, .. relative.Split('/')]);
}
