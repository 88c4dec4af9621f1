using System.Security.Cryptography;
using System.Text.Json;
using Sidecar.Config;

namespace Sidecar.Scheduling;

/// <summary>
/// The fingerprint of what a selector's fitted models depend on (source, matchers, shaping, step, fit window, minimum
/// history, model and cross-validation settings), as lowercase hex SHA-256 of their canonical JSON: saved models are
/// restored, and kept across a reload, only while it is unchanged. Unlike <see cref="ConfigFingerprint"/> it leaves
/// out the schedule (<c>fit_every</c>, <c>infer_every</c>, <c>series_ttl</c>, <c>max_series</c>), so changing how
/// often a selector runs never throws its models away. Thread-safe (stateless).
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

    private static string Hash<T>(T value) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(value, Json)));
}
