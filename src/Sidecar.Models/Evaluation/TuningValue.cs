namespace Sidecar.Models.Evaluation;

/// <summary>One value of a tuning grid axis: its text as written and the change it makes to the model options. Immutable.</summary>
/// <param name="Text">The value as written (for reports), e.g. <c>0.05</c>.</param>
/// <param name="Apply">Returns the options with this value set.</param>
public sealed record TuningValue(string Text, Func<ModelOptions, ModelOptions> Apply);
