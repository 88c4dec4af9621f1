using Sidecar.Tools.Backtest;
using Sidecar.Testing;

namespace Sidecar.Tools.Tests.Backtest;

public sealed class InputSetTests
{
    [Fact]
    public void Resolve_Directory_RecursiveMirroredPathsInOrdinalOrderGzDropped()
    {
        using var dir = new TempDirectory();
        dir.Write("in/b/x.csv", "timestamp,value\n");
        dir.Write("in/a/deep/y.csv.gz", string.Empty);
        dir.Write("in/a/z.txt", string.Empty);
        string output = Path.Combine(dir.Path, "out");

        var jobs = InputSet.Resolve(Path.Combine(dir.Path, "in"), output);

        Assert.Equal(["a/deep/y.csv.gz", "b/x.csv"], jobs.Select(j => j.RelativePath));
        Assert.Equal(Path.Combine(output, "a/deep/y.csv"), jobs[0].OutputPath);
        Assert.Equal(Path.Combine(output, "b/x.csv"), jobs[1].OutputPath);
    }

    [Fact]
    public void Resolve_FileToFile_OneJob()
    {
        using var dir = new TempDirectory();
        string input = dir.Write("in.csv", "timestamp,value\n");

        var job = Assert.Single(InputSet.Resolve(input, Path.Combine(dir.Path, "result.csv")));

        Assert.Equal(Path.Combine(dir.Path, "result.csv"), job.OutputPath);
    }

    [Fact]
    public void Resolve_FileIntoExistingDirectory_KeepsItsName()
    {
        using var dir = new TempDirectory();
        string input = dir.Write("in/series.csv", "timestamp,value\n");
        Directory.CreateDirectory(Path.Combine(dir.Path, "out"));

        var job = Assert.Single(InputSet.Resolve(input, Path.Combine(dir.Path, "out")));

        Assert.Equal(Path.Combine(dir.Path, "out", "series.csv"), job.OutputPath);
    }

    [Fact]
    public void Inputs_Directory_EveryCsvWithNoOutput()
    {
        using var dir = new TempDirectory();
        dir.Write("in/b.csv", "timestamp,value\n");
        dir.Write("in/a/c.csv", "timestamp,value\n");

        var jobs = InputSet.Inputs(Path.Combine(dir.Path, "in"));

        Assert.Equal(["a/c.csv", "b.csv"], jobs.Select(j => j.RelativePath));
        Assert.All(jobs, j => Assert.Equal(string.Empty, j.OutputPath));
    }

    [Fact]
    public void Resolve_MissingInput_FileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => InputSet.Resolve("/nonexistent/x.csv", "/tmp/y.csv"));
    }

    [Fact]
    public void Resolve_OutputIsInput_Refused()
    {
        using var dir = new TempDirectory();
        string input = dir.Write("in.csv", "timestamp,value\n");

        Assert.Throws<ArgumentException>(() => InputSet.Resolve(input, input));
        Assert.Throws<ArgumentException>(() => InputSet.Resolve(dir.Path, dir.Path));
    }
}
