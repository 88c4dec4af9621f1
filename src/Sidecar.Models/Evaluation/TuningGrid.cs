namespace Sidecar.Models.Evaluation;

/// <summary>
/// A grid of model settings: for each <see cref="ModelOptionsSetting"/> key, the values to try. Its combinations
/// are the Cartesian product, the last key varying fastest. Immutable.
/// </summary>
public sealed class TuningGrid
{
    private readonly (string Key, string[] Values)[] _axes;

    /// <summary>Builds a grid; every key must be known and have at least one value, and no key may repeat.</summary>
    /// <exception cref="ArgumentException">An unknown or repeated key, an empty value list, or a value that does not parse.</exception>
    public TuningGrid(IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        var list = new List<(string, string[])>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, values) in axes)
        {
            if (!seen.Add(key))
            {
                throw new ArgumentException($"grid key '{key}' appears twice");
            }

            if (values.Count == 0)
            {
                throw new ArgumentException($"grid key '{key}' has no values");
            }

            foreach (string v in values)
            {
                ModelOptionsSetting.Apply(new ModelOptions(), key, v);
            }

            list.Add((key, values.ToArray()));
        }

        _axes = [.. list];
    }

    /// <summary>The keys, in the order given.</summary>
    public IReadOnlyList<string> Keys => _axes.Select(a => a.Key).ToArray();

    /// <summary>Number of combinations.</summary>
    public int Count => _axes.Aggregate(1, (n, a) => checked(n * a.Values.Length));

    /// <summary>Every combination applied over <paramref name="baseOptions"/>, with the settings that made it.</summary>
    public IReadOnlyList<(ModelOptions Options, IReadOnlyList<KeyValuePair<string, string>> Settings)> Expand(ModelOptions baseOptions)
    {
        ArgumentNullException.ThrowIfNull(baseOptions);
        int count = Count;
        var result = new List<(ModelOptions, IReadOnlyList<KeyValuePair<string, string>>)>(count);
        for (int c = 0; c < count; c++)
        {
            int rest = c;
            var settings = new KeyValuePair<string, string>[_axes.Length];
            for (int a = _axes.Length - 1; a >= 0; a--)
            {
                string[] values = _axes[a].Values;
                settings[a] = new(_axes[a].Key, values[rest % values.Length]);
                rest /= values.Length;
            }

            ModelOptions options = baseOptions;
            foreach (var (key, value) in settings)
            {
                options = ModelOptionsSetting.Apply(options, key, value);
            }

            result.Add((options, settings));
        }

        return result;
    }
}
