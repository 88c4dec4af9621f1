using System.Text.Json;

namespace Sidecar.State;

/// <summary>
/// The exclusions added over the HTTP API or mirrored from Alertmanager silences, on disk as <c>--storage.path</c>/<c>exclusions.json</c>: JSON fields by
/// name under a format version, written atomically (temp file, fsync, rename), read with a size bound. A corrupt file
/// is reported, moved aside (<c>exclusions.json.corrupt-…</c>) and never fatal. Thread-safe for one writer at a time.
/// </summary>
public sealed class ExclusionStore
{
    /// <summary>A file larger than this is not read; far above <see cref="MaxExclusions"/> full-size entries.</summary>
    public const long MaxFileBytes = 8L << 20;

    /// <summary>The most exclusions a file may hold.</summary>
    public const int MaxExclusions = 1000;

    private const int Version = 1;

    private readonly TimeProvider _time;

    /// <summary>
    /// Stores the file under <paramref name="storagePath"/>; nothing is touched until first use. <paramref name="time"/>
    /// names the files moved aside.
    /// </summary>
    public ExclusionStore(string storagePath, TimeProvider time)
    {
        _time = time;
        FilePath = System.IO.Path.Combine(System.IO.Path.GetFullPath(storagePath), "exclusions.json");
    }

    /// <summary>The exclusions file.</summary>
    public string FilePath { get; }

    /// <summary>Reads the file; never throws.</summary>
    public ExclusionLoadResult Load()
    {
        try
        {
            var info = new FileInfo(FilePath);
            if (!info.Exists)
            {
                return new([], FilePath, null, null);
            }

            // A FIFO or device reports length 0 and may never end; Save never writes an empty file.
            if (info.Length == 0)
            {
                return Corrupt("empty or not a regular file");
            }

            if (info.Length > MaxFileBytes)
            {
                return Corrupt($"{info.Length} bytes exceeds the {MaxFileBytes}-byte bound");
            }

            byte[] bytes;
            using (var stream = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1))
            {
                var buffer = new byte[MaxFileBytes + 1];
                var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
                if (read > MaxFileBytes)
                {
                    return Corrupt($"longer than the {MaxFileBytes}-byte bound");
                }

                bytes = buffer[..read];
            }

            return Decode(bytes, out var exclusions, out var error)
                ? new(exclusions, FilePath, null, null)
                : Corrupt(error);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new([], FilePath, $"unreadable: {e.Message}", null);
        }
    }

    /// <summary>Writes <paramref name="exclusions"/> atomically, replacing the previous file.</summary>
    /// <exception cref="StateStoreException">The directory or file could not be written; the old file is intact.</exception>
    public void Save(IReadOnlyList<Exclusion> exclusions)
    {
        var temp = $"{FilePath}.tmp-{Guid.NewGuid():N}";
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(FilePath)!);
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Encode(stream, exclusions);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, FilePath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception deleteError) when (deleteError is IOException or UnauthorizedAccessException)
            {
                // Best effort: a leftover temp file is harmless.
            }

            throw new StateStoreException($"writing exclusions to {FilePath}: {e.Message}", e);
        }
    }

    internal static void Encode(Stream stream, IReadOnlyList<Exclusion> exclusions)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("version", Version);
        json.WriteStartArray("exclusions");
        foreach (var e in exclusions)
        {
            json.WriteStartObject();
            json.WriteString("id", e.Id);
            json.WriteNumber("start_ms", e.StartMs);
            json.WriteNumber("end_ms", e.EndMs);
            json.WriteString("matcher", e.Matcher);
            if (e.Selector is not null)
            {
                json.WriteString("selector", e.Selector);
            }

            json.WriteString("comment", e.Comment);
            json.WriteString("created_by", e.CreatedBy);
            json.WriteNumber("created_at_ms", e.CreatedAtMs);
            json.WriteString("source", e.Source);
            if (e.Expected)
            {
                json.WriteBoolean("expected", true);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    internal static bool Decode(ReadOnlySpan<byte> bytes, out IReadOnlyList<Exclusion> exclusions, out string error)
    {
        exclusions = [];
        error = "";
        try
        {
            using var document = JsonDocument.Parse(bytes.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number)
            {
                error = "not an exclusions file (no \"version\")";
                return false;
            }

            if (version.GetInt32() != Version)
            {
                error = $"format version {version.GetInt32()} is not known (this build reads {Version})";
                return false;
            }

            if (!root.TryGetProperty("exclusions", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                error = "\"exclusions\" is missing or not a list";
                return false;
            }

            if (list.GetArrayLength() > MaxExclusions)
            {
                error = $"{list.GetArrayLength()} exclusions exceed the bound of {MaxExclusions}";
                return false;
            }

            var read = new List<Exclusion>(list.GetArrayLength());
            foreach (var item in list.EnumerateArray())
            {
                var exclusion = new Exclusion(
                    item.GetProperty("id").GetString()!,
                    item.GetProperty("start_ms").GetInt64(),
                    item.GetProperty("end_ms").GetInt64(),
                    item.GetProperty("matcher").GetString()!,
                    item.TryGetProperty("selector", out var selector) ? selector.GetString() : null,
                    item.TryGetProperty("comment", out var comment) ? comment.GetString() ?? "" : "",
                    item.TryGetProperty("created_by", out var by) ? by.GetString() ?? "" : "",
                    item.TryGetProperty("created_at_ms", out var at) ? at.GetInt64() : 0,
                    item.TryGetProperty("source", out var source) ? source.GetString() ?? Exclusion.ApiSource : Exclusion.ApiSource,
                    item.TryGetProperty("expected", out var expected) && expected.GetBoolean());
                if (exclusion.StartMs >= exclusion.EndMs)
                {
                    error = $"exclusion {exclusion.Id}: start is not before end";
                    return false;
                }

                read.Add(exclusion);
            }

            exclusions = read;
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            error = $"malformed: {e.Message}";
            return false;
        }
    }

    private ExclusionLoadResult Corrupt(string error)
    {
        var aside = $"{FilePath}.corrupt-{_time.GetUtcNow().UtcDateTime:yyyyMMddTHHmmssfff}";
        try
        {
            File.Move(FilePath, aside);
            return new([], FilePath, error, aside);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new([], FilePath, $"{error} (and it could not be moved aside: {e.Message})", null);
        }
    }
}
