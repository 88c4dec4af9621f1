namespace Sidecar.Models.Evaluation;

/// <summary>One axis of a <see cref="TuningGrid"/>: a model key and the values to try, in order. Immutable.</summary>
/// <param name="Key">The model key the values set (as in YAML <c>model:</c>, e.g. <c>changepoint_prior_scale</c>).</param>
/// <param name="Values">The values to try.</param>
public sealed record TuningParameter(string Key, IReadOnlyList<TuningValue> Values);
