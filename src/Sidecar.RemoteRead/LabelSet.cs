using System.Collections;
using System.Text;

namespace Sidecar.RemoteRead;

/// <summary>
/// An immutable set of labels sorted by name, as Prometheus identifies a series. Equality and hashing are by
/// content. Thread-safe (immutable).
/// </summary>
public sealed class LabelSet : IReadOnlyList<Label>, IEquatable<LabelSet>
{
    /// <summary>The label that holds the metric name.</summary>
    public const string MetricName = "__name__";

    private readonly Label[] _labels;
    private readonly int _hash;

    /// <summary>The empty label set.</summary>
    public static LabelSet Empty { get; } = new([]);

    private LabelSet(Label[] sortedLabels)
    {
        _labels = sortedLabels;
        var hash = new HashCode();
        foreach (var label in sortedLabels)
        {
            hash.Add(label.Name, StringComparer.Ordinal);
            hash.Add(label.Value, StringComparer.Ordinal);
        }

        _hash = hash.ToHashCode();
    }

    /// <summary>Builds a set from labels in any order; empty values are dropped (Prometheus treats them as absent).</summary>
    /// <exception cref="ArgumentException">A label name occurs twice.</exception>
    public static LabelSet From(IEnumerable<Label> labels)
    {
        var array = labels.Where(l => l.Value.Length > 0).ToArray();
        Array.Sort(array, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        for (var i = 1; i < array.Length; i++)
        {
            if (array[i].Name == array[i - 1].Name)
            {
                throw new ArgumentException($"duplicate label name \"{array[i].Name}\"", nameof(labels));
            }
        }

        return new LabelSet(array);
    }

    /// <summary>Builds a set from name/value pairs.</summary>
    public static LabelSet From(params (string Name, string Value)[] labels) =>
        From(labels.Select(l => new Label(l.Name, l.Value)));

    /// <inheritdoc />
    public int Count => _labels.Length;

    /// <inheritdoc />
    public Label this[int index] => _labels[index];

    /// <summary>The value of label <paramref name="name"/>, or the empty string when absent (as in PromQL).</summary>
    public string Get(string name)
    {
        foreach (var label in _labels)
        {
            if (string.Equals(label.Name, name, StringComparison.Ordinal))
            {
                return label.Value;
            }
        }

        return string.Empty;
    }

    /// <summary>The metric name (<c>__name__</c>), or the empty string.</summary>
    public string Name => Get(MetricName);

    /// <summary>
    /// The canonical text form, labels sorted, values escaped as in the Prometheus exposition format:
    /// <c>{__name__="x",job="api"}</c>.
    /// </summary>
    public override string ToString()
    {
        var sb = new StringBuilder("{");
        for (var i = 0; i < _labels.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(_labels[i].Name).Append("=\"");
            foreach (var c in _labels[i].Value)
            {
                switch (c)
                {
                    case '\\': sb.Append("\\\\"); break;
                    case '"': sb.Append("\\\""); break;
                    case '\n': sb.Append("\\n"); break;
                    default: sb.Append(c); break;
                }
            }

            sb.Append('"');
        }

        return sb.Append('}').ToString();
    }

    /// <inheritdoc />
    public bool Equals(LabelSet? other) =>
        other is not null && _hash == other._hash && _labels.AsSpan().SequenceEqual(other._labels);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as LabelSet);

    /// <inheritdoc />
    public override int GetHashCode() => _hash;

    /// <inheritdoc />
    public IEnumerator<Label> GetEnumerator() => ((IEnumerable<Label>)_labels).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _labels.GetEnumerator();
}
