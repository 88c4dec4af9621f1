using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Sidecar.Config;

/// <summary>
/// A digest of everything that decides what a selector models: its match, source, shaping and settings (schedule,
/// model, cross-validation, tuning). Two loads of a selector with equal fingerprints model the same thing, so a
/// reload or restart may keep its fitted models; the records themselves compare lists by reference, so use this
/// instead of <c>==</c>. Deterministic across processes. Thread-safe (stateless).
/// </summary>
public static class ConfigFingerprint
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { SkipDelegates } },
    };

    /// <summary>Hex SHA-256 of the selector's canonical JSON form.</summary>
    public static string Of(SelectorConfig selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var canonical = JsonSerializer.Serialize(
            new { selector.Name, selector.Source, selector.Matchers, selector.Shaping, selector.Settings }, Json);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    // A tuning value's change function is code, not data: the value's text, written next to it, stands for it.
    private static void SkipDelegates(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var property in info.Properties.Where(p => p.PropertyType.IsAssignableTo(typeof(Delegate))).ToArray())
        {
            info.Properties.Remove(property);
        }
    }
}
