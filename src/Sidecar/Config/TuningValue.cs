using System.Text.Json.Serialization;
using Sidecar.Models;

namespace Sidecar.Config;

/// <summary>One value of a tuning grid axis: its text as written and the change it makes to the model options.</summary>
/// <param name="Text">The value as written in YAML (for reports), e.g. <c>0.05</c>.</param>
/// <param name="Apply">Returns the options with this value set.</param>
public sealed record TuningValue(string Text, [property: JsonIgnore] Func<ModelOptions, ModelOptions> Apply);
