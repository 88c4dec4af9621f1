using Sidecar.RemoteRead;

namespace Sidecar.Config;

/// <summary>
/// One <c>query_range</c> entry: a store read through the Prometheus HTTP API's <c>/api/v1/query_range</c>
/// (VictoriaMetrics, Thanos Query, Mimir, Cortex, Prometheus itself) under the name selectors refer to in
/// <c>source</c>, and the client's options. <see cref="object.ToString"/> never shows secrets. Immutable.
/// </summary>
/// <param name="Name">The name; unique across <c>remote_read</c> and <c>query_range</c> entries.</param>
/// <param name="Client">Where to read and how: URL, <c>http_config</c> keys, points per request, retries, bounds.</param>
public sealed record QueryRangeConfig(string Name, QueryRangeClientOptions Client);
