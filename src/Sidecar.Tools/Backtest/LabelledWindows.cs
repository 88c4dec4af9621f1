using System.Text.Json;
using Sidecar.Models;

namespace Sidecar.Tools.Backtest;

/// <summary>
/// The labelled anomaly windows for <c>backtest --labels FILE</c>, in NAB's format
/// (<c>labels/combined_windows.json</c>): an object from a file's path relative to the data directory to a list of
/// <c>[start, end]</c> pairs, each a timestamp as the CSVs write them (<see cref="TimestampText"/>, e.g.
/// <c>"2014-04-10 07:15:00.000000"</c>, UTC). A file is found by its path relative to <c>--input</c>, or, for a
/// single-file input, by the one key that ends with <c>/</c> and its name. Bounded in size and count. Immutable.
/// </summary>
public sealed class LabelledWindows
{
    /// <summary>The largest file read, in bytes.</summary>
    public const long MaxBytes = 8L << 20;

    /// <summary>The most windows read, over all files.</summary>
    public const int MaxWindows = 100_000;

    private readonly Dictionary<string, TimeRange[]> _byFile;

    private LabelledWindows(Dictionary<string, TimeRange[]> byFile) => _byFile = byFile;

    /// <summary>The files the labels name.</summary>
    public IReadOnlyCollection<string> Files => _byFile.Keys;

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="FormatException">The file is not in the format, or a window is wrong (the message names it).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static LabelledWindows Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new IOException($"{path}: no such file");
        }

        if (info.Length > MaxBytes)
        {
            throw new FormatException($"{path}: {info.Length} bytes exceeds the {MaxBytes}-byte bound");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { MaxDepth = 8 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("expected an object from file name to a list of [start, end] windows, as NAB's combined_windows.json");
            }

            var byFile = new Dictionary<string, TimeRange[]>(StringComparer.Ordinal);
            var count = 0;
            foreach (var file in document.RootElement.EnumerateObject())
            {
                if (file.Value.ValueKind != JsonValueKind.Array)
                {
                    throw new FormatException($"\"{file.Name}\": expected a list of [start, end] windows");
                }

                count += file.Value.GetArrayLength();
                if (count > MaxWindows)
                {
                    throw new FormatException($"more than {MaxWindows} windows");
                }

                byFile[file.Name] = file.Value.EnumerateArray().Select((w, i) => Window(file.Name, i, w)).OrderBy(w => w.StartMs).ToArray();
            }

            return new LabelledWindows(byFile);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// The windows of the file at <paramref name="relativePath"/> (sorted by start), or null when the labels do not
    /// name it.
    /// </summary>
    public IReadOnlyList<TimeRange>? For(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        if (_byFile.TryGetValue(relativePath, out var windows))
        {
            return windows;
        }

        var suffix = "/" + relativePath;
        var matches = _byFile.Where(kv => kv.Key.EndsWith(suffix, StringComparison.Ordinal)).Take(2).ToList();
        return matches.Count == 1 ? matches[0].Value : null;
    }

    private static TimeRange Window(string file, int index, JsonElement pair)
    {
        if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2)
        {
            throw new FormatException($"\"{file}\" window [{index}]: expected [start, end]");
        }

        long start = Time(file, index, pair[0]), end = Time(file, index, pair[1]);
        return end > start ? new TimeRange(start, end) : throw new FormatException($"\"{file}\" window [{index}]: end is not after start");
    }

    private static long Time(string file, int index, JsonElement value)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        return TimestampText.TryParse(text, out var ms)
            ? ms
            : throw new FormatException($"\"{file}\" window [{index}]: cannot parse \"{(text.Length > 40 ? text[..40] : text)}\" as a timestamp");
    }
}
