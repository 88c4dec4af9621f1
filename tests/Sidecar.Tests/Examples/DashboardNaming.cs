using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sidecar.Exposition;

namespace Sidecar.Tests.Examples;

/// <summary>
/// Makes the dashboard of another <c>output_naming</c> from the default one: the output families' metric names and
/// their selector label as <see cref="OutputFamilyNames"/> says, in expressions, variable queries and legends of the
/// panels that show output families; self-metrics keep <c>selector</c>. Its output is committed
/// (<c>examples/grafana/dashboards/sidecar-NAMING.json</c>) and a test checks that it is up to date.
/// </summary>
internal static partial class DashboardNaming
{
    private static readonly string[] s_fields = ["expr", "query", "definition", "legendFormat"];

    public static string Rename(string defaultDashboard, string naming, OutputFamilyNames to)
    {
        var from = OutputFamilyNames.Default;
        var names = new Dictionary<string, string>
        {
            [from.AnomalyScore] = to.AnomalyScore,
            [from.Predicted] = to.Predicted,
            [from.PredictedLower] = to.PredictedLower,
            [from.PredictedUpper] = to.PredictedUpper,
            [from.Value] = to.Value,
        };
        var dashboard = JsonNode.Parse(defaultDashboard)!.AsObject();
        dashboard["uid"] = $"{(string)dashboard["uid"]!}-{naming}";
        dashboard["title"] = $"{(string)dashboard["title"]!} ({naming} naming)";
        Walk(dashboard, node => Rewrite(node, names, from.SelectorLabel, to.SelectorLabel));
        return dashboard.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    private static void Rewrite(JsonObject node, Dictionary<string, string> names, string fromLabel, string toLabel)
    {
        var texts = s_fields.Select(f => node[f]).OfType<JsonValue>().Select(v => v.ToString()).ToList();
        if (!texts.Any(t => OutputFamily().IsMatch(t)) && !(node["targets"] is JsonArray targets && targets.Any(t => OutputFamily().IsMatch((string?)t!["expr"] ?? ""))))
        {
            return;
        }

        foreach (var field in s_fields)
        {
            if (node[field] is JsonValue value && value.TryGetValue<string>(out var text))
            {
                text = field == "legendFormat" ? text : MetricName().Replace(text, m => names[m.Value]);
                text = text.Replace($"{fromLabel}=\"$selector\"", $"{toLabel}=\"$selector\"", StringComparison.Ordinal)
                    .Replace($"by ({fromLabel})", $"by ({toLabel})", StringComparison.Ordinal)
                    .Replace($"{{{{{fromLabel}}}}}", $"{{{{{toLabel}}}}}", StringComparison.Ordinal)
                    .Replace($"anomaly_score, {fromLabel})", $"anomaly_score, {toLabel})", StringComparison.Ordinal);
                node[field] = text;
            }
        }

        if (node["targets"] is JsonArray list)
        {
            foreach (var target in list)
            {
                Rewrite(target!.AsObject(), names, fromLabel, toLabel);
            }
        }
    }

    private static void Walk(JsonNode node, Action<JsonObject> visit)
    {
        if (node is JsonObject obj)
        {
            visit(obj);
            foreach (var (key, child) in obj.ToList())
            {
                if (child is not null && key != "targets")
                {
                    Walk(child, visit);
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array.ToList())
            {
                if (child is not null)
                {
                    Walk(child, visit);
                }
            }
        }
    }

    [GeneratedRegex(@"(?<![\w:])(anomaly_score|predicted_upper|predicted_lower|predicted|value)(?=\{|\)|\s|,)")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"(?<![\w:])(anomaly_score|predicted_upper|predicted_lower|predicted|value|sidecar_series_model_info)(?=\{|\)|\s|,)")]
    private static partial Regex OutputFamily();
}
