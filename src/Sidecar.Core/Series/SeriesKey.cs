using Sidecar.RemoteRead;

namespace Sidecar.Series;

/// <summary>
/// Identifies one modelled series within a selector: its shaped labels and its source metric name (two metrics can
/// shape to the same labels once a range function drops <c>__name__</c>). Immutable value.
/// </summary>
public readonly record struct SeriesKey(LabelSet Labels, string Metric)
{
    /// <inheritdoc />
    public override string ToString() => $"{Metric}{Labels}";
}
