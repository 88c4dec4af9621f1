using System.Diagnostics;
using Sidecar.RemoteRead;
using Sidecar.State;
using Sidecar.Testing;

namespace Sidecar.Tests.State;

/// <summary>
/// Files at a state path that are not regular files: a FIFO (opening one for reading blocks until a writer comes), a
/// link to an endless device, an empty file. Each must come back as a bad state file at once, without blocking or
/// reading past the bound. A load runs on the thread pool with a deadline, so a regression fails instead of hanging.
/// </summary>
public sealed class StateStoreOddFileTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly TempDirectory _temp = new("sidecar-state-odd-");
    private readonly StateStore _store;
    private readonly string _path;

    public StateStoreOddFileTests()
    {
        _store = new StateStore(_temp.File("state"));
        Directory.CreateDirectory(_store.DirectoryPath);
        _path = _store.PathFor("api_rps");
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Load_FifoAtTheStatePath_IsCorruptWithoutBlocking()
    {
        MakeFifo(_path);

        var result = await LoadWithinDeadlineAsync();

        Assert.Equal(StateLoadStatus.Corrupt, result.Status);
        Assert.Contains("not a regular file", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_SymlinkToDevZero_IsCorruptWithoutReadingPastTheBound()
    {
        File.CreateSymbolicLink(_path, "/dev/zero");
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var result = await LoadWithinDeadlineAsync();

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal(StateLoadStatus.Corrupt, result.Status);
        Assert.Contains("not a regular file", result.Reason, StringComparison.Ordinal);
        // Generous: nothing of the device is read, so a few kilobytes of bookkeeping at most.
        Assert.True(allocated < 16 << 20, $"{allocated} bytes allocated");
    }

    [Fact]
    public async Task Load_SymlinkToADanglingTarget_IsMissing()
    {
        File.CreateSymbolicLink(_path, _temp.File("nowhere"));

        var result = await LoadWithinDeadlineAsync();

        Assert.Equal(StateLoadStatus.Missing, result.Status);
    }

    [Fact]
    public async Task Load_SymlinkToAGoodStateFile_IsLoaded()
    {
        var elsewhere = new StateStore(_temp.File("elsewhere"));
        elsewhere.Save(new SelectorState("api_rps", "h1", 1, [new SeriesState(LabelSet.From(("job", "api")), "m", 1, [1, 2])]));
        File.CreateSymbolicLink(_path, elsewhere.PathFor("api_rps"));

        var result = await LoadWithinDeadlineAsync();

        Assert.Equal(StateLoadStatus.Loaded, result.Status);
    }

    [Fact]
    public async Task Load_EmptyFile_IsCorrupt()
    {
        File.WriteAllBytes(_path, []);

        var result = await LoadWithinDeadlineAsync();

        Assert.Equal(StateLoadStatus.Corrupt, result.Status);
    }

    private async Task<StateLoadResult> LoadWithinDeadlineAsync() =>
        await Task.Run(() => _store.Load("api_rps", "h1")).WaitAsync(Deadline);

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
