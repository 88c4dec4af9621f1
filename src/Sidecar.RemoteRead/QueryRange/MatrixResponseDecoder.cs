using System.Globalization;
using System.Text.Json;

namespace Sidecar.RemoteRead.QueryRange;

/// <summary>
/// Decodes a Prometheus HTTP API <c>query_range</c> response body (JSON) into series: <c>data.result</c> must be a
/// matrix; each point is <c>[unix seconds, "value"]</c> with the value a string (<c>"NaN"</c>, <c>"+Inf"</c>,
/// <c>"-Inf"</c> included); native-histogram points (<c>histograms</c>) are skipped, as remote read skips them.
/// Bounded: the caller bounds the body; here nesting depth and the point count are bounded, and timestamps must
/// ascend. A body with <c>status: error</c> throws with the server's message. Pure and thread-safe.
/// </summary>
internal static class MatrixResponseDecoder
{
    private const int MaxDepth = 16;

    public static List<TimeSeries> Decode(ReadOnlySpan<byte> body, long maxPoints, out long points)
    {
        points = 0;
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            return DecodeRoot(ref reader, maxPoints, ref points);
        }
        catch (JsonException e)
        {
            throw new RemoteReadProtocolException($"query_range response is not valid JSON: {e.Message}", e);
        }
    }

    private static List<TimeSeries> DecodeRoot(ref Utf8JsonReader reader, long maxPoints, ref long points)
    {
        Expect(ref reader, JsonTokenType.StartObject, "the response");
        string? status = null, error = null, errorType = null, resultType = null;
        List<TimeSeries>? series = null;
        while (NextProperty(ref reader) is { } name)
        {
            switch (name)
            {
                case "status":
                    status = ReadString(ref reader, "status");
                    break;
                case "error":
                    error = ReadString(ref reader, "error");
                    break;
                case "errorType":
                    errorType = ReadString(ref reader, "errorType");
                    break;
                case "data":
                    Expect(ref reader, JsonTokenType.StartObject, "data");
                    while (NextProperty(ref reader) is { } dataName)
                    {
                        if (dataName == "resultType")
                        {
                            resultType = ReadString(ref reader, "data.resultType");
                        }
                        else if (dataName == "result")
                        {
                            series = DecodeMatrix(ref reader, maxPoints, ref points);
                        }
                        else
                        {
                            SkipValue(ref reader);
                        }
                    }

                    break;
                default:
                    SkipValue(ref reader);
                    break;
            }
        }

        if (status == "error")
        {
            throw new RemoteReadProtocolException($"query_range failed: {errorType ?? "error"}: {error ?? "(no message)"}");
        }

        if (status != "success")
        {
            throw new RemoteReadProtocolException($"query_range response has status \"{status ?? "(none)"}\", expected \"success\"");
        }

        if (resultType != "matrix")
        {
            throw new RemoteReadProtocolException(
                $"query_range response has resultType \"{resultType ?? "(none)"}\", expected \"matrix\" (the query must be an instant vector)");
        }

        return series ?? throw new RemoteReadProtocolException("query_range response has no data.result");
    }

    private static List<TimeSeries> DecodeMatrix(ref Utf8JsonReader reader, long maxPoints, ref long points)
    {
        Expect(ref reader, JsonTokenType.StartArray, "data.result");
        var result = new List<TimeSeries>();
        var seen = new HashSet<LabelSet>();
        while (Read(ref reader) != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new RemoteReadProtocolException($"data.result[{result.Count}]: expected an object, got {reader.TokenType}");
            }

            var labels = LabelSet.Empty;
            var timestamps = new List<long>();
            var values = new List<double>();
            while (NextProperty(ref reader) is { } name)
            {
                if (name == "metric")
                {
                    labels = DecodeLabels(ref reader, result.Count);
                }
                else if (name == "values")
                {
                    DecodePoints(ref reader, result.Count, timestamps, values, maxPoints, ref points);
                }
                else
                {
                    SkipValue(ref reader);
                }
            }

            if (!seen.Add(labels))
            {
                throw new RemoteReadProtocolException($"data.result: series {labels} appears twice");
            }

            if (timestamps.Count > 0)
            {
                result.Add(new TimeSeries(labels, [.. timestamps], [.. values]));
            }
        }

        return result;
    }

    private static LabelSet DecodeLabels(ref Utf8JsonReader reader, int index)
    {
        Expect(ref reader, JsonTokenType.StartObject, $"data.result[{index}].metric");
        var labels = new List<Label>();
        while (NextProperty(ref reader) is { } name)
        {
            labels.Add(new Label(name, ReadString(ref reader, $"data.result[{index}].metric.{name}")));
        }

        return LabelSet.From(labels);
    }

    private static void DecodePoints(
        ref Utf8JsonReader reader, int index, List<long> timestamps, List<double> values, long maxPoints, ref long points)
    {
        var path = $"data.result[{index}].values";
        Expect(ref reader, JsonTokenType.StartArray, path);
        while (Read(ref reader) != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartArray || Read(ref reader) != JsonTokenType.Number ||
                !reader.TryGetDecimal(out var seconds))
            {
                throw new RemoteReadProtocolException($"{path}[{timestamps.Count}]: expected [unix seconds, \"value\"]");
            }

            Read(ref reader);
            var text = ReadString(ref reader, $"{path}[{timestamps.Count}][1]");
            if (Read(ref reader) != JsonTokenType.EndArray)
            {
                throw new RemoteReadProtocolException($"{path}[{timestamps.Count}]: expected [unix seconds, \"value\"]");
            }

            var ms = (long)decimal.Round(seconds * 1000m, MidpointRounding.AwayFromZero);
            if (timestamps.Count > 0 && ms <= timestamps[^1])
            {
                throw new RemoteReadProtocolException($"{path}[{timestamps.Count}]: timestamp {ms} ms does not ascend");
            }

            if (++points > maxPoints)
            {
                throw new RemoteReadLimitException(
                    $"response has more than max_samples_per_request={maxPoints} points", "max_samples_per_request", maxPoints);
            }

            timestamps.Add(ms);
            values.Add(ParseValue(text, path, timestamps.Count - 1));
        }
    }

    /// <summary>A sample value as Prometheus writes it: Go's <c>FormatFloat(v, 'f', -1, 64)</c>, or NaN and ±Inf.</summary>
    internal static double ParseValue(string text, string path, int index) => text switch
    {
        "NaN" => double.NaN,
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ when text.Length > 0 && !char.IsWhiteSpace(text[0]) && !char.IsWhiteSpace(text[^1]) &&
               double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) => v,
        _ => throw new RemoteReadProtocolException($"{path}[{index}]: \"{Excerpt(text)}\" is not a sample value"),
    };

    private static string Excerpt(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static string? NextProperty(ref Utf8JsonReader reader)
    {
        if (Read(ref reader) == JsonTokenType.EndObject)
        {
            return null;
        }

        var name = reader.GetString()!;
        Read(ref reader);
        return name;
    }

    private static string ReadString(ref Utf8JsonReader reader, string path)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new RemoteReadProtocolException($"{path}: expected a string, got {reader.TokenType}");
        }

        return reader.GetString()!;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (reader.TokenType == JsonTokenType.None)
        {
            Read(ref reader);
        }

        if (reader.TokenType != type)
        {
            throw new RemoteReadProtocolException($"{what}: expected {type}, got {reader.TokenType}");
        }
    }

    private static void SkipValue(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            reader.Skip();
        }
    }

    private static JsonTokenType Read(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new RemoteReadProtocolException("query_range response ends early");
        }

        return reader.TokenType;
    }
}
