using System.Text.RegularExpressions;
using Sidecar.Testing;

namespace Sidecar.Tests.Examples;

public sealed class DockerfileTests
{
    // Docker cannot run here; these tests check the Dockerfile's text and run its publish step for real.
    private static readonly Lazy<string[]> s_lines = new(() => JoinContinuations(File.ReadAllLines(Repo.Path("Dockerfile"))));

    [Fact]
    public void Dockerfile_Stages_SdkBuildThenAspNetRuntime()
    {
        var froms = s_lines.Value.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, froms.Count);
        Assert.Matches(@"^FROM mcr\.microsoft\.com/dotnet/sdk:10\.0 AS build$", froms[0]);
        Assert.Matches(@"^FROM mcr\.microsoft\.com/dotnet/aspnet:10\.0$", froms[1]);
    }

    [Fact]
    public void Dockerfile_Runtime_NonRootExposes9717AndChecksHealth()
    {
        var runtime = s_lines.Value.SkipWhile(l => !l.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet", StringComparison.Ordinal)).ToList();

        Assert.Contains("USER $APP_UID", runtime);
        Assert.Contains("EXPOSE 9717", runtime);
        var healthcheck = Assert.Single(runtime, l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal));
        Assert.Contains("/dev/tcp/127.0.0.1/9717", healthcheck);
        Assert.Contains("GET /-/healthy", healthcheck);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"/app/sidecar.dll\"]", runtime);
    }

    [Fact]
    public void DockerIgnore_BuildInputs_NotExcluded()
    {
        var ignored = File.ReadAllLines(Repo.Path(".dockerignore"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(GlobToRegex)
            .ToList();
        var sources = s_lines.Value
            .Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1])
            .ToList();

        Assert.NotEmpty(sources);
        Assert.All(sources, s =>
        {
            Assert.True(File.Exists(Repo.Path(s.TrimEnd('/'))) || Directory.Exists(Repo.Path(s.TrimEnd('/'))), $"{s} missing");
            Assert.DoesNotContain(ignored, r => r.IsMatch(s.TrimEnd('/')));
        });
    }

    [Fact]
    public void Dockerfile_RestoreLayer_CopiesEveryProjectThePublishedOneReferences()
    {
        var copied = s_lines.Value
            .Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1])
            .ToHashSet(StringComparer.Ordinal);
        var pending = new Stack<string>(["src/Sidecar/Sidecar.csproj"]);
        var closure = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryPop(out var project))
        {
            if (!closure.Add(project))
            {
                continue;
            }

            var directory = Path.GetDirectoryName(project)!;
            foreach (Match reference in Regex.Matches(File.ReadAllText(Repo.Path(project)), "<ProjectReference Include=\"([^\"]+)\""))
            {
                var full = Path.GetFullPath(Path.Combine(Repo.Root, directory, reference.Groups[1].Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(Repo.Root, full).Replace('\\', '/'));
            }
        }

        // sidecar, Sidecar.Core, Sidecar.RemoteRead, Sidecar.Models: never the toolbox (Sidecar.Tools).
        Assert.Equal(4, closure.Count);
        Assert.DoesNotContain(closure, project => project.Contains("Sidecar.Tools", StringComparison.Ordinal));
        Assert.All(closure, project => Assert.Contains(project, copied));
        Assert.All(closure, project => Assert.Contains(Path.GetDirectoryName(project)!.Replace('\\', '/') + "/", copied));
        Assert.Superset(new HashSet<string> { "global.json", "Directory.Build.props", "Directory.Packages.props" }, copied);
        Assert.DoesNotContain("src/", copied);
    }

    [Fact]
    public async Task Dockerfile_PublishCommand_BuildsARunnableSidecar()
    {
        var publish = Assert.Single(s_lines.Value, l => l.StartsWith("RUN dotnet publish ", StringComparison.Ordinal));
        var arguments = publish["RUN ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        using var temp = new TempDirectory("sidecar-publish-");
        var output = temp.File("app");
        Assert.Equal(1, arguments.Count(a => a == "/app"));

        // The same command, arguments and order as the image build; only the output directory differs.
        await Tool.RunAsync(arguments[0], [.. arguments[1..].Select(a => a == "/app" ? output : a)]);

        Assert.True(File.Exists(Path.Combine(output, "sidecar.dll")));
        Assert.False(File.Exists(Path.Combine(output, "sidecar")), "UseAppHost=false: the image starts it with dotnet");
        // The service carries no plotting: no ScottPlot, no native SkiaSharp or HarfBuzz, no toolbox.
        var shipped = Directory.GetFiles(output, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
        Assert.DoesNotContain(shipped, f => Regex.IsMatch(f!, "scottplot|skia|harfbuzz|sidecartool", RegexOptions.IgnoreCase));
        await using var process = ExternalProcess.Start("dotnet", [Path.Combine(output, "sidecar.dll")]);
        var exited = await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(exited, "the published sidecar did not exit without arguments");
        Assert.Contains("usage: sidecar", process.Output);
    }

    private static string[] JoinContinuations(string[] lines)
    {
        var joined = new List<string>();
        var current = "";
        foreach (var line in lines.Where(l => !l.TrimStart().StartsWith('#')))
        {
            current += current.Length == 0 ? line.Trim() : " " + line.Trim();
            if (current.EndsWith('\\'))
            {
                current = current[..^1].TrimEnd();
                continue;
            }

            if (current.Length > 0)
            {
                joined.Add(current);
            }

            current = "";
        }

        return [.. joined];
    }

    private static Regex GlobToRegex(string pattern)
    {
        var p = pattern.TrimEnd('/');
        var regex = Regex.Escape(p).Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal);
        return new Regex($"^{regex}(/.*)?$");
    }
}
