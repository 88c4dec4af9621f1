using Sidecar.RemoteRead;
using Sidecar.Series;

namespace Sidecar.Config;

/// <summary>
/// One <c>selectors:</c> entry with <c>defaults</c> already applied: what to read (<see cref="Matchers"/> from
/// <see cref="Source"/>), how to shape it (<see cref="Shaping"/>, whose step is <see cref="SelectorSettings.Step"/>)
/// and how to model it (<see cref="Settings"/>). Immutable.
/// </summary>
public sealed record SelectorConfig
{
    /// <summary>Unique name; the <c>selector</c> label of the output gauges.</summary>
    public required string Name { get; init; }

    /// <summary>Name of the <see cref="RemoteReadConfig"/> to read from.</summary>
    public required string Source { get; init; }

    /// <summary>The PromQL series selector as written, e.g. <c>http_requests_total{job="api"}</c>.</summary>
    public required string Match { get; init; }

    /// <summary><see cref="Match"/> parsed; includes the <c>__name__</c> matcher when a metric name is given.</summary>
    public required IReadOnlyList<Matcher> Matchers { get; init; }

    /// <summary>Range function, aggregation, dropped labels and step.</summary>
    public required ShapingOptions Shaping { get; init; }

    /// <summary>Effective schedule, model and tuning settings (defaults merged with this selector's overrides).</summary>
    public required SelectorSettings Settings { get; init; }
}
