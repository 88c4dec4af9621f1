using System.Security.Cryptography;
using System.Text;

namespace Sidecar.State;

/// <summary>
/// Fitted models on disk under <c>--storage.path</c>/<c>models</c>, one file per selector. Writes are atomic (temp
/// file, fsync, rename over the old file), so a crash leaves either the old or the new state, never half of one.
/// Reads verify magic, format version, length and SHA-256 before decoding and never throw: a bad file is reported in
/// the result and ignored. Thread-safe for different selectors; one writer per selector at a time.
/// </summary>
public sealed class StateStore
{
    /// <summary>State files larger than this are not read (a sane bound far above 10,000 models).</summary>
    public const long MaxFileBytes = 1L << 30;

    private const string Extension = ".state";

    /// <summary>Stores files under <paramref name="storagePath"/>/models; nothing is touched until first use.</summary>
    public StateStore(string storagePath)
    {
        DirectoryPath = Path.Combine(Path.GetFullPath(storagePath), "models");
    }

    /// <summary>The directory holding the state files.</summary>
    public string DirectoryPath { get; }

    /// <summary>
    /// The file of <paramref name="selector"/>: its name made file-safe plus a short hash of the exact name, so two
    /// selectors never share a file.
    /// </summary>
    public string PathFor(string selector)
    {
        var safe = new StringBuilder(selector.Length);
        foreach (var c in selector)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }

        if (safe.Length > 100)
        {
            safe.Length = 100;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(selector)))[..12];
        return Path.Combine(DirectoryPath, $"{safe}-{hash}{Extension}");
    }

    /// <summary>Reads the state of <paramref name="selector"/> if it was saved under <paramref name="settingsHash"/>.</summary>
    public StateLoadResult Load(string selector, string settingsHash) => Load(selector, [settingsHash]);

    /// <summary>Reads the state of <paramref name="selector"/> if it was saved under one of <paramref name="acceptedHashes"/>.</summary>
    public StateLoadResult Load(string selector, IReadOnlyCollection<string> acceptedHashes)
    {
        var path = PathFor(selector);
        try
        {
            DeleteLeftoverTempFiles(path);
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return new(StateLoadStatus.Missing, null, path, null);
            }

            // A link's own length is that of its target's name: judge the file it leads to.
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target)
            {
                if (!target.Exists)
                {
                    return new(StateLoadStatus.Missing, null, path, null);
                }

                info = target;
            }

            // A FIFO, socket or device reports length 0 (a FIFO blocks whoever opens it for reading; /dev/zero
            // never ends), and so does an empty file: neither is ever written by Save, so neither is opened.
            if (info.Length == 0)
            {
                return new(StateLoadStatus.Corrupt, null, path, "empty or not a regular file (FIFO, socket or device); refitting");
            }

            if (info.Length > MaxFileBytes)
            {
                return new(StateLoadStatus.Corrupt, null, path, $"{info.Length} bytes exceeds the {MaxFileBytes}-byte bound");
            }

            var bytes = ReadBounded(path, info.Length);
            if (bytes is null)
            {
                return new(StateLoadStatus.Corrupt, null, path, $"longer than the {info.Length} bytes it reported; refitting");
            }

            return StateFileCodec.Decode(bytes, path, selector, acceptedHashes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new(StateLoadStatus.Unreadable, null, path, e.Message);
        }
    }

    /// <summary>Writes <paramref name="state"/> atomically, replacing the selector's previous state.</summary>
    /// <exception cref="StateStoreException">The directory or file could not be written; the old file is intact.</exception>
    public void Save(SelectorState state)
    {
        var path = PathFor(state.Selector);
        var temp = $"{path}.tmp-{Guid.NewGuid():N}";
        try
        {
            Directory.CreateDirectory(DirectoryPath);
            var bytes = StateFileCodec.Encode(state);
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new StateStoreException($"writing state of selector \"{state.Selector}\" to {path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads at most <paramref name="length"/> bytes (already checked against the bound), whatever the file does
    /// while it is read: <see langword="null"/> if there is more, the shorter prefix if it shrank.
    /// </summary>
    private static byte[]? ReadBounded(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        var buffer = new byte[length];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read < buffer.Length)
        {
            return buffer[..read];
        }

        Span<byte> probe = stackalloc byte[1];
        return stream.Read(probe) == 0 ? buffer : null;
    }

    private static void DeleteLeftoverTempFiles(string path)
    {
        var directory = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var leftover in Directory.EnumerateFiles(directory, Path.GetFileName(path) + ".tmp-*"))
        {
            TryDelete(leftover);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temp file is harmless and retried on the next load.
        }
    }
}
