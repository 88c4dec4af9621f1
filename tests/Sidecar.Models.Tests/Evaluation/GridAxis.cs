using System.Globalization;
using Sidecar.Models.Evaluation;

namespace Sidecar.Models.Tests.Evaluation;

/// <summary>Builds tuning grid axes from typed values (the host reads them from text); each value's text is its invariant string, lower-cased.</summary>
internal static class GridAxis
{
    public static TuningParameter Of<T>(string key, Func<ModelOptions, T, ModelOptions> set, params T[] values) =>
        new(key, values.Select(v => new TuningValue(Convert.ToString(v, CultureInfo.InvariantCulture)!.ToLowerInvariant(), o => set(o, v))).ToArray());
}
