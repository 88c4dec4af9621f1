namespace Sidecar.Testing;

/// <summary>
/// A fresh, empty directory under the system temp folder (<c>sidecar-…XXXXXX</c>), deleted with everything in it
/// on <see cref="Dispose"/>. Every test and harness that needs scratch files goes through this type, so a test
/// run leaves nothing behind in <c>/tmp</c>. Not thread-safe to dispose; files may be written concurrently.
/// </summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates the directory now.</summary>
    /// <param name="prefix">Start of the directory's name, e.g. <c>sidecar-config-</c>; six random characters follow.</param>
    public TempDirectory(string prefix = "sidecar-test-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    /// <summary>The directory's absolute path.</summary>
    public string Path { get; }

    /// <summary>The absolute path of <paramref name="relative"/> inside the directory; creates nothing.</summary>
    public string File(string relative) => System.IO.Path.Combine(Path, relative);

    /// <summary>Writes <paramref name="content"/> to <paramref name="relative"/>, creating parent folders.</summary>
    /// <returns>The file's absolute path.</returns>
    public string Write(string relative, string content)
    {
        var full = File(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, content);
        return full;
    }

    /// <summary>Deletes the directory recursively; tolerates it being gone already or still held open.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
            // A child process may still be closing a file: one retry, then leave it rather than fail the test.
            TryDeleteAgain();
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void TryDeleteAgain()
    {
        Thread.Sleep(100);
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
