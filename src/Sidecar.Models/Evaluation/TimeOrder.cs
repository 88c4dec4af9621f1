namespace Sidecar.Models.Evaluation;

/// <summary>Stable time ordering of rows that may arrive out of order (real exports repeat or reorder blocks).</summary>
internal static class TimeOrder
{
    /// <summary>
    /// The row indices sorted by timestamp, ties kept in row order; null when the rows are already non-decreasing.
    /// </summary>
    public static int[]? Permutation(ReadOnlySpan<long> timestampsMs)
    {
        bool sorted = true;
        for (int i = 1; i < timestampsMs.Length && sorted; i++)
        {
            sorted = timestampsMs[i] >= timestampsMs[i - 1];
        }

        if (sorted)
        {
            return null;
        }

        long[] keys = timestampsMs.ToArray();
        int[] order = Enumerable.Range(0, keys.Length).ToArray();
        Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : a.CompareTo(b));
        return order;
    }

    /// <summary><paramref name="source"/> rearranged so element k is source[order[k]].</summary>
    public static T[] Gather<T>(ReadOnlySpan<T> source, int[] order)
    {
        var result = new T[order.Length];
        for (int k = 0; k < order.Length; k++)
        {
            result[k] = source[order[k]];
        }

        return result;
    }

    /// <summary>Inverse of <see cref="Gather{T}"/>: element order[k] of the result is sorted[k].</summary>
    public static T[] Scatter<T>(T[] sorted, int[] order)
    {
        var result = new T[order.Length];
        for (int k = 0; k < order.Length; k++)
        {
            result[order[k]] = sorted[k];
        }

        return result;
    }
}
