namespace Sidecar.Models.Evaluation;

/// <summary>
/// A grid of model settings: for each <see cref="TuningParameter"/> (a key), the values to try, each a ready change
/// of <see cref="ModelOptions"/> (the host reads them from text). Its combinations are the Cartesian product, the
/// last key varying fastest. Immutable.
/// </summary>
public sealed class TuningGrid
{
    private readonly TuningParameter[] _axes;

    /// <summary>Builds a grid; every key must have at least one value, and no key may repeat. No axes: the base options alone.</summary>
    /// <exception cref="ArgumentException">A repeated key or an empty value list.</exception>
    public TuningGrid(IEnumerable<TuningParameter> axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        var list = new List<TuningParameter>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var axis in axes)
        {
            if (!seen.Add(axis.Key))
            {
                throw new ArgumentException($"grid key '{axis.Key}' appears twice");
            }

            if (axis.Values.Count == 0)
            {
                throw new ArgumentException($"grid key '{axis.Key}' has no values");
            }

            list.Add(axis);
        }

        _axes = [.. list];
    }

    /// <summary>The keys, in the order given.</summary>
    public IReadOnlyList<string> Keys => _axes.Select(a => a.Key).ToArray();

    /// <summary>Number of combinations.</summary>
    public int Count => _axes.Aggregate(1, (n, a) => checked(n * a.Values.Count));

    /// <summary>Every combination applied over <paramref name="baseOptions"/>, with the settings (key, value text) that made it.</summary>
    public IReadOnlyList<(ModelOptions Options, IReadOnlyList<KeyValuePair<string, string>> Settings)> Expand(ModelOptions baseOptions)
    {
        ArgumentNullException.ThrowIfNull(baseOptions);
        int count = Count;
        var result = new List<(ModelOptions, IReadOnlyList<KeyValuePair<string, string>>)>(count);
        for (int c = 0; c < count; c++)
        {
            int rest = c;
            var chosen = new TuningValue[_axes.Length];
            for (int a = _axes.Length - 1; a >= 0; a--)
            {
                var values = _axes[a].Values;
                chosen[a] = values[rest % values.Count];
                rest /= values.Count;
            }

            ModelOptions options = baseOptions;
            foreach (var value in chosen)
            {
                options = value.Apply(options);
            }

            result.Add((options, chosen.Select((v, a) => new KeyValuePair<string, string>(_axes[a].Key, v.Text)).ToArray()));
        }

        return result;
    }
}
