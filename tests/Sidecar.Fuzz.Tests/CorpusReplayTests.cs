using Sidecar.Fuzz.Targets;

namespace Sidecar.Fuzz.Tests;

/// <summary>Every committed corpus input, run through its target in-process: the corpus stays green without AFL.</summary>
public sealed class CorpusReplayTests
{
    public static TheoryData<string> Targets => [.. FuzzTargets.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Targets))]
    public void Replay_CommittedCorpus_NoFinding(string name)
    {
        var directory = Path.Combine(CorpusRoot(), name);
        Assert.NotEmpty(Directory.GetFiles(directory));
        var log = new StringWriter();

        var findings = CorpusReplay.Run(FuzzTargets.Find(name)!, directory, log);

        Assert.True(findings == 0, log.ToString());
    }

    [Fact]
    public void Corpus_EveryFolder_IsATarget()
    {
        var folders = Directory.GetDirectories(CorpusRoot()).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(FuzzTargets.All.Select(t => t.Name).Order(StringComparer.Ordinal), folders);
    }

    private static string CorpusRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var corpus = Path.Combine(dir.FullName, "tests", "Sidecar.Fuzz", "corpus");
            if (Directory.Exists(corpus))
            {
                return corpus;
            }
        }

        throw new DirectoryNotFoundException($"no tests/Sidecar.Fuzz/corpus above {AppContext.BaseDirectory}");
    }
}
