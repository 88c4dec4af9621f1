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
    public static IReadOnlyList<Silence> Decode(ReadOnlySpan<byte> body, int maxSilences)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 8 });
        JsonDocument document;
        try
        {
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new RemoteReadProtocolException($"silences: invalid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                throw new RemoteReadProtocolException($"silences: expected a JSON array, got {root.ValueKind}");
            }

            if (root.GetArrayLength() > maxSilences)
            {
                throw new RemoteReadLimitException(
                    $"silences: {root.GetArrayLength()} silences exceed the bound of {maxSilences}", "max_silences", maxSilences);
            }

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
