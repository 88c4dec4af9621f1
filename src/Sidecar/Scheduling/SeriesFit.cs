using Sidecar.Models;

namespace Sidecar.Scheduling;

/// <summary>
/// Fits one series on a prepared grid; <paramref name="values"/> has one entry per grid timestamp, NaN where the
/// series has no point. Safe to call from several threads at once.
/// </summary>
public delegate IFittedModel SeriesFit(ReadOnlySpan<double> values);
