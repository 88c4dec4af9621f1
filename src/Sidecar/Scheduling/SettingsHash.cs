using System.Security.Cryptography;
using System.Text.Json;
using Sidecar.Config;

namespace Sidecar.Scheduling;

/// <summary>
/// Fingerprints of a selector's settings, as lowercase hex SHA-256 of their canonical JSON. <see cref="Models"/>
/// covers what a fitted model depends on (source, matchers, shaping, fit window, minimum history, model and
/// cross-validation settings): saved models are restored, and kept across a reload, only while it is unchanged.
/// <see cref="All"/> covers every setting. Thread-safe (stateless).
/// </summary>
public static class SettingsHash
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>The fingerprint of everything the selector's fitted models depend on.</summary>
    public static string Models(SelectorConfig selector) => Hash(new
    {
        selector.Source,
        selector.Matchers,
        selector.Shaping,
        selector.Settings.Step,
        selector.Settings.FitWindow,
        selector.Settings.MinHistory,
        selector.Settings.Model,
        selector.Settings.CrossValidation,
    });

    /// <summary>The fingerprint of every setting of the selector.</summary>
    public static string All(SelectorConfig selector) => Hash(selector);

    private static string Hash<T>(T value) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(value, Json)));
}
