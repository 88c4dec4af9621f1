using Prometheus;

namespace Sidecar.Exposition;

/// <summary>
/// The exclusions in force (added over the HTTP API or mirrored from Alertmanager silences), as two gauges per
/// exclusion that a Grafana annotation query can draw as a region: <c>sidecar_exclusion_start_seconds</c> and
/// <c>sidecar_exclusion_end_seconds</c> (unix seconds), labelled <c>id</c>, <c>selector</c> (empty for every selector),
/// <c>matcher</c>, <c>comment</c>, <c>source</c> (<c>api</c> or <c>alertmanager</c>) and <c>kind</c> (<c>exclude</c>
/// or <c>expected</c>). Thread-safe.
/// </summary>
public sealed class ExclusionMetrics
{
    private readonly Gauge _start;
    private readonly Gauge _end;
    private readonly Lock _gate = new();
    private List<string[]> _shown = [];

    /// <summary>Creates the families in the registry behind <paramref name="metrics"/>.</summary>
    public ExclusionMetrics(IMetricFactory metrics)
    {
        string[] labels = ["id", "selector", "matcher", "comment", "source", "kind"];
        _start = metrics.CreateGauge(
            "sidecar_exclusion_start_seconds", "Start (unix seconds) of a window left out of fitting, from /api/v1/exclusions or an Alertmanager silence.", labels);
        _end = metrics.CreateGauge(
            "sidecar_exclusion_end_seconds", "End (unix seconds, exclusive) of a window left out of fitting, from /api/v1/exclusions or an Alertmanager silence.", labels);
    }

    /// <summary>Shows exactly <paramref name="exclusions"/>; the children of exclusions no longer listed are removed.</summary>
    public void Show(IEnumerable<(string Id, string Selector, string Matcher, string Comment, string Source, string Kind, long StartMs, long EndMs)> exclusions)
    {
        lock (_gate)
        {
            var shown = new List<string[]>();
            var keep = new HashSet<string>(StringComparer.Ordinal);
            foreach (var e in exclusions)
            {
                string[] labels = [e.Id, e.Selector, e.Matcher, e.Comment, e.Source, e.Kind];
                _start.WithLabels(labels).Set(e.StartMs / 1000.0);
                _end.WithLabels(labels).Set(e.EndMs / 1000.0);
                shown.Add(labels);
                keep.Add(string.Join('\0', labels));
            }

            // Removed after the new ones are set, so a scrape in between never misses an exclusion that stays.
            foreach (var labels in _shown.Where(l => !keep.Contains(string.Join('\0', l))))
            {
                _start.RemoveLabelled(labels);
                _end.RemoveLabelled(labels);
            }

            _shown = shown;
        }
    }
}
