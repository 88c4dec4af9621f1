using System.Globalization;
using System.Text;
using Sidecar.RemoteRead;

namespace Sidecar.Series;

/// <summary>
/// Which shaped series one replica of a sharded deployment models (<c>--shard.count</c>, <c>--shard.index</c>): those
/// whose <see cref="Hash"/> modulo <see cref="Count"/> is <see cref="Index"/>, as Prometheus's <c>hashmod</c>
/// relabelling splits targets. The hash depends only on the series' labels, never on the process, the order of
/// discovery or .NET's randomized string hashing, so every replica and every restart agrees on the placement.
/// Immutable.
/// </summary>
public sealed record SeriesShard
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;
    private const byte Separator = 0xFF;

    private SeriesShard(int count, int index)
    {
        Count = count;
        Index = index;
    }

    /// <summary>No sharding: one replica owns every series.</summary>
    public static SeriesShard None { get; } = new(1, 0);

    /// <summary>Number of shards, at least 1.</summary>
    public int Count { get; }

    /// <summary>This replica's shard, 0 to <see cref="Count"/> − 1.</summary>
    public int Index { get; }

    /// <summary>True when the deployment is sharded (more than one shard).</summary>
    public bool IsSharded => Count > 1;

    /// <summary>Shard <paramref name="index"/> of <paramref name="count"/>, or null with a message saying what is wrong.</summary>
    public static SeriesShard? TryCreate(int count, int index, out string? error)
    {
        error = count < 1
            ? $"--shard.count must be at least 1, got {count}"
            : index < 0 || index >= count
                ? $"--shard.index must be between 0 and --shard.count - 1 = {count - 1}, got {index}"
                : null;
        return error is null ? new SeriesShard(count, index) : null;
    }

    /// <summary>
    /// The ordinal at the end of a StatefulSet pod name (<c>sidecar-3</c> → 3), or null when
    /// <paramref name="hostname"/> does not end in <c>-</c> and decimal digits.
    /// </summary>
    public static int? OrdinalOf(string hostname)
    {
        var dash = hostname.LastIndexOf('-');
        var digits = dash < 0 ? "" : hostname[(dash + 1)..];
        return digits.Length > 0 && digits.All(char.IsAsciiDigit)
            && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal)
            ? ordinal
            : null;
    }

    /// <summary>
    /// The placement hash of a shaped series: 64-bit FNV-1a over the UTF-8 bytes of its identity labels, sorted by
    /// name (ordinal), each written as name, 0xFF, value, 0xFF. The identity labels are the shaped labels without
    /// <c>__name__</c>, plus <c>metric</c> = the source metric name: the labels of its <c>anomaly_score</c> series
    /// without the selector label and <c>model</c>. A shaped label named <c>metric</c> is hashed under its own name
    /// before the source metric's.
    /// </summary>
    public static ulong Hash(LabelSet labels, string metricName)
    {
        var pairs = new List<(string Name, string Value)>(labels.Count + 1);
        foreach (var label in labels)
        {
            if (label.Name != LabelSet.MetricName)
            {
                pairs.Add((label.Name, label.Value));
            }
        }

        pairs.Add(("metric", metricName));
        // A stable sort keeps a shaped "metric" label before the source metric's.
        var sorted = pairs.OrderBy(p => p.Name, StringComparer.Ordinal);
        var hash = FnvOffset;
        foreach (var (name, value) in sorted)
        {
            hash = Add(hash, name);
            hash = Add(hash, value);
        }

        return hash;
    }

    /// <summary>True when this replica models the series.</summary>
    public bool Owns(LabelSet labels, string metricName) => Count == 1 || (int)(Hash(labels, metricName) % (ulong)Count) == Index;

    /// <inheritdoc />
    public override string ToString() => $"{Index}/{Count}";

    private static ulong Add(ulong hash, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * FnvPrime;
        }

        return (hash ^ Separator) * FnvPrime;
    }
}
