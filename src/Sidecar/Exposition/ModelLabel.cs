using Sidecar.Models;
using Sidecar.Text;

namespace Sidecar.Exposition;

/// <summary>The value of the <c>model</c> label of the output gauges. Thread-safe (stateless).</summary>
public static class ModelLabel
{
    /// <summary>The model family in snake_case: <c>prophet</c>, <c>seasonal_baseline</c>, <c>ewma</c>.</summary>
    public static string Of(ModelKind kind) => SnakeCase.From(kind.ToString());
}
