using System.Globalization;
using System.Text.Json;
using Sidecar.Syntax;

namespace Sidecar.Tools.Backtest;

/// <summary>
/// Reads the exclusions for <c>backtest --exclusions FILE</c> in the sidecar's own formats: the state file
/// (<c>--storage.path</c>/<c>exclusions.json</c>: <c>{"version": 1, "exclusions": [{start_ms, end_ms, matcher, …}]}</c>),
/// the answer of <c>GET /api/v1/exclusions</c> (<c>{"status": "success", "data": [{start, end, matcher, …}]}</c>), or a
/// bare list of the objects <c>POST /api/v1/exclusions</c> takes (<c>start</c>/<c>end</c> as RFC 3339 or unix seconds).
/// <c>kind: expected</c> (or <c>expected: true</c>) marks an expected window. Bounded in size and count.
/// Thread-safe (stateless).
/// </summary>
public static class ExclusionsFile
{
    /// <summary>The largest file read, in bytes.</summary>
    public const long MaxBytes = 8L << 20;

    /// <summary>The most exclusions read.</summary>
    public const int MaxExclusions = 1000;

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="FormatException">The file is not one of the formats, or an entry is wrong (the message names it).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IReadOnlyList<BacktestExclusion> Read(string path)
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
            var root = document.RootElement;
            var list = root.ValueKind switch
            {
                JsonValueKind.Array => root,
                JsonValueKind.Object when root.TryGetProperty("exclusions", out var saved) => saved,
                JsonValueKind.Object when root.TryGetProperty("data", out var data) => data,
                _ => throw new FormatException("expected exclusions.json ({\"version\": 1, \"exclusions\": […]}), the answer of GET /api/v1/exclusions, or a list of exclusions"),
            };
            if (list.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("the exclusions are not a list");
            }

            if (list.GetArrayLength() > MaxExclusions)
            {
                throw new FormatException($"{list.GetArrayLength()} exclusions exceed the bound of {MaxExclusions}");
            }

            var result = new List<BacktestExclusion>();
            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                try
                {
                    result.Add(ReadOne(item, index));
                }
                catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException)
                {
                    throw new FormatException($"exclusion [{index}]: {e.Message}", e);
                }

                index++;
            }

            return result;
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }
    }

    private static BacktestExclusion ReadOne(JsonElement item, int index)
    {
        var start = item.TryGetProperty("start_ms", out var startMs) ? startMs.GetInt64() : Time(item, "start");
        var end = item.TryGetProperty("end_ms", out var endMs) ? endMs.GetInt64() : Time(item, "end");
        if (end <= start)
        {
            throw new FormatException("end is not after start");
        }

        var text = item.TryGetProperty("matcher", out var m) ? m.GetString() : null;
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FormatException("\"matcher\" is required, e.g. {file=\"realKnownCause/nyc_taxi.csv\"}");
        }

        var matcher = SeriesMatcher.TryCreate(text, out var error) ?? throw new FormatException($"invalid \"matcher\": {error}");
        var selector = item.TryGetProperty("selector", out var s) ? s.GetString() : null;
        var expected = (item.TryGetProperty("expected", out var x) && x.ValueKind == JsonValueKind.True)
            || (item.TryGetProperty("kind", out var kind) && kind.GetString() == "expected");
        return new BacktestExclusion(
            item.TryGetProperty("id", out var id) ? id.GetString() ?? "" : index.ToString(CultureInfo.InvariantCulture),
            start,
            end,
            matcher,
            string.IsNullOrEmpty(selector) ? null : selector,
            expected,
            item.TryGetProperty("comment", out var c) ? c.GetString() ?? "" : "");
    }

    private static long Time(JsonElement item, string name)
    {
        if (!item.TryGetProperty(name, out var value))
        {
            throw new FormatException($"\"{name}\" is required: {PromTimestamp.Expected}");
        }

        var text = value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.GetString() ?? "";
        return PromTimestamp.TryParse(text, out var time)
            ? time.ToUnixTimeMilliseconds()
            : throw new FormatException($"cannot parse \"{(text.Length > 40 ? text[..40] : text)}\" for \"{name}\": expected {PromTimestamp.Expected}");
    }
}
