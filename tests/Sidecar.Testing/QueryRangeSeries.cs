using Sidecar.RemoteRead;

namespace Sidecar.Testing;

/// <summary>One series of a Prometheus <c>matrix</c> result: labels, timestamps (unix ms) and values.</summary>
public sealed record QueryRangeSeries(LabelSet Labels, long[] TimestampsMs, double[] Values);
