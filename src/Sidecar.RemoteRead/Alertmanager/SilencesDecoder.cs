using System.Globalization;
using System.Text.Json;

namespace Sidecar.RemoteRead.Alertmanager;

/// <summary>
/// Decodes the body of Alertmanager's <c>GET /api/v2/silences</c> (a JSON array of silences) with bounds on the
/// number of silences and matchers; unknown fields are ignored, as the API adds them. Thread-safe (stateless).
/// </summary>
internal static class SilencesDecoder
{
    /// <summary>The most matchers one silence may have.</summary>
    public const int MaxMatchers = 64;

    /// <exception cref="RemoteReadProtocolException">Not a silences list, or a silence lacks a required field.</exception>
    /// <exception cref="RemoteReadLimitException">More than <paramref name="maxSilences"/> silences.</exception>
    public static IReadOnlyList<Silence> Decode(ReadOnlyMemory<byte> body, int maxSilences)
    {
        using var document = Parse(body, "silences", maxSilences);
        {
            var root = document.RootElement;

            var silences = new List<Silence>(root.GetArrayLength());
            var index = 0;
            foreach (var item in root.EnumerateArray())
            {
                try
                {
                    silences.Add(Read(item));
                }
                catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException)
                {
                    throw new RemoteReadProtocolException($"silences[{index}]: {e.Message}", e);
                }

                index++;
            }

            return silences;
        }
    }

    /// <summary>
    /// From an alerts list (<c>GET /api/v2/alerts</c>): for each silence id in an alert's <c>status.silencedBy</c>,
    /// the earliest <c>startsAt</c> of the alerts it mutes.
    /// </summary>
    /// <exception cref="RemoteReadProtocolException">Not an alerts list.</exception>
    /// <exception cref="RemoteReadLimitException">More than <paramref name="maxAlerts"/> alerts.</exception>
    public static IReadOnlyDictionary<string, DateTimeOffset> DecodeSilencedSince(ReadOnlyMemory<byte> body, int maxAlerts)
    {
        using var document = Parse(body, "alerts", maxAlerts);
        var since = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var index = 0;
        foreach (var alert in document.RootElement.EnumerateArray())
        {
            try
            {
                var start = Time(alert, "startsAt");
                if (alert.TryGetProperty("status", out var status) && status.TryGetProperty("silencedBy", out var by) && by.ValueKind == JsonValueKind.Array)
                {
                    foreach (var id in by.EnumerateArray().Take(MaxMatchers))
                    {
                        var key = id.GetString() ?? "";
                        since[key] = since.TryGetValue(key, out var earlier) && earlier < start ? earlier : start;
                    }
                }
            }
            catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException)
            {
                throw new RemoteReadProtocolException($"alerts[{index}]: {e.Message}", e);
            }

            index++;
        }

        return since;
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> body, string what, int maxItems)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new RemoteReadProtocolException($"{what}: invalid JSON: {e.Message}", e);
        }

        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Array)
        {
            var kind = root.ValueKind;
            document.Dispose();
            throw new RemoteReadProtocolException($"{what}: expected a JSON array, got {kind}");
        }

        if (root.GetArrayLength() > maxItems)
        {
            var count = root.GetArrayLength();
            document.Dispose();
            throw new RemoteReadLimitException($"{what}: {count} exceed the bound of {maxItems}", "max_" + what, maxItems);
        }

        return document;
    }

    private static Silence Read(JsonElement item)
    {
        var matchers = item.GetProperty("matchers");
        if (matchers.GetArrayLength() > MaxMatchers)
        {
            throw new FormatException($"{matchers.GetArrayLength()} matchers exceed the bound of {MaxMatchers}");
        }

        var list = new List<SilenceMatcher>(matchers.GetArrayLength());
        foreach (var m in matchers.EnumerateArray())
        {
            list.Add(new SilenceMatcher(
                m.GetProperty("name").GetString() ?? "",
                m.GetProperty("value").GetString() ?? "",
                m.TryGetProperty("isRegex", out var regex) && regex.GetBoolean(),
                !m.TryGetProperty("isEqual", out var equal) || equal.GetBoolean()));
        }

        return new Silence(
            item.GetProperty("id").GetString() ?? throw new FormatException("\"id\" is null"),
            list,
            Time(item, "startsAt"),
            Time(item, "endsAt"),
            item.TryGetProperty("createdBy", out var by) ? by.GetString() ?? "" : "",
            item.TryGetProperty("comment", out var comment) ? comment.GetString() ?? "" : "",
            item.TryGetProperty("status", out var status) && status.TryGetProperty("state", out var state) ? state.GetString() ?? "" : "");
    }

    private static DateTimeOffset Time(JsonElement item, string name)
    {
        var text = item.GetProperty(name).GetString() ?? throw new FormatException($"\"{name}\" is null");
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)
            ? time
            : throw new FormatException($"\"{name}\" is not an RFC 3339 time: \"{(text.Length > 40 ? text[..40] : text)}\"");
    }
}
