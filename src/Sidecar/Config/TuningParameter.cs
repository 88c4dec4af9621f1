namespace Sidecar.Config;

/// <summary>One axis of a tuning grid: a model key (as in <c>model:</c>) and the values to try.</summary>
public sealed record TuningParameter(string Key, IReadOnlyList<TuningValue> Values);
