using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.Config;
using Sidecar.Models;
using Sidecar.Series;

namespace Sidecar.Scheduling;

/// <summary>
/// The fingerprint of what a selector's fitted models depend on (source, matchers, shaping, step, fit window, minimum
/// history, model and cross-validation settings), as lowercase hex SHA-256 of their canonical JSON: saved models are
/// restored, and kept across a reload, only while it is unchanged. It leaves out the schedule (<c>fit_every</c>,
/// <c>infer_every</c>, <c>series_ttl</c>, <c>max_series</c>), so changing how often a selector runs never throws its
/// models away, and every model, cross-validation and shaping option that is at its default, so that an upgrade which
/// adds an option (with a default that keeps today's behaviour) keeps the saved models too. Thread-safe (stateless).
/// </summary>
public static class SettingsHash
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>The fingerprint of everything the selector's fitted models depend on, defaults left out.</summary>
    public static string Models(SelectorConfig selector)
    {
        var node = new JsonObject
        {
            ["v"] = 2,
            ["source"] = selector.Source,
            ["matchers"] = JsonSerializer.SerializeToNode(selector.Matchers, Json),
            ["shaping"] = WithoutDefaults(selector.Shaping, new ShapingOptions()),
            ["step"] = JsonSerializer.SerializeToNode(selector.Settings.Step, Json),
            ["fit_window"] = JsonSerializer.SerializeToNode(selector.Settings.FitWindow, Json),
            ["min_history"] = JsonSerializer.SerializeToNode(selector.Settings.MinHistory, Json),
            ["model"] = WithoutDefaults(selector.Settings.Model, new ModelOptions()),
            ["cv"] = WithoutDefaults(selector.Settings.CrossValidation, new CrossValidationConfig()),
        };
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(node.ToJsonString(Json))));
    }

    /// <summary>
    /// The fingerprint that state files of format 1 (up to 3a4a128) were saved under: every option, defaults
    /// included. Accepted on restore while the options are those of that time, so that the upgrade keeps them.
    /// </summary>
    public static string Legacy(SelectorConfig selector) => Hash(new
    {
        selector.Source,
        selector.Matchers,
        Shaping = LegacyShaping(selector.Shaping),
        selector.Settings.Step,
        selector.Settings.FitWindow,
        selector.Settings.MinHistory,
        Model = LegacyModel(selector.Settings.Model),
        selector.Settings.CrossValidation,
    });

    /// <summary>Model options added since format 1, left out of the legacy fingerprint while at their defaults.</summary>
    private static readonly string[] ModelOptionsSinceFormat1 = [nameof(ModelOptions.Expected), nameof(ModelOptions.SustainedWindowSeconds)];

    // The model options as format 1 serialized them: an option added since is left out while at its default.
    private static JsonNode? LegacyModel(ModelOptions model)
    {
        var node = JsonSerializer.SerializeToNode(model, Json);
        var defaults = JsonSerializer.SerializeToNode(new ModelOptions(), Json);
        if (node is JsonObject obj && defaults is JsonObject def)
        {
            foreach (var name in ModelOptionsSinceFormat1)
            {
                if (obj.TryGetPropertyValue(name, out var v) && def.TryGetPropertyValue(name, out var d) && JsonNode.DeepEquals(v, d))
                {
                    obj.Remove(name);
                }
            }
        }

        return node;
    }

    /// <summary>
    /// The hashes a saved state may carry to be restored: the current one first, then the legacy one (only for raw
    /// samples: format 1 predates the query_range source, so no such state was ever saved under it).
    /// </summary>
    public static IReadOnlyList<string> Accepted(SelectorConfig selector) =>
        selector.Shaping.Input == SeriesInput.RawSamples ? [Models(selector), Legacy(selector)] : [Models(selector)];

    // The shaping options as format 1 serialized them: the same properties in the same order, none added since.
    private static object LegacyShaping(ShapingOptions s) =>
        new { s.Step, s.Function, s.Range, s.Lookback, s.Aggregate, s.By, s.Without, s.WithoutLabels, s.DropLabels };

    /// <summary>The JSON of <paramref name="value"/> without the properties whose JSON equals the default's.</summary>
    private static JsonNode? WithoutDefaults<T>(T value, T defaults)
    {
        var actual = JsonSerializer.SerializeToNode(value, Json);
        var fallback = JsonSerializer.SerializeToNode(defaults, Json);
        if (actual is not JsonObject obj || fallback is not JsonObject def)
        {
            return actual;
        }

        foreach (var (name, child) in obj.ToList())
        {
            if (def.TryGetPropertyValue(name, out var d) && JsonNode.DeepEquals(child, d))
            {
                obj.Remove(name);
            }
        }

        return obj;
    }

    private static string Hash<T>(T value) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(value, Json)));
}
