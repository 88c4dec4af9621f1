namespace Sidecar.RemoteRead;

/// <summary>
/// What one HTTP attempt cost and returned. <see cref="StatusCode"/> is null when no response arrived.
/// <see cref="ResponseBytes"/> counts body bytes as received on the wire (before snappy decompression).
/// <see cref="Samples"/> counts samples kept (inside the query range, stale markers dropped).
/// </summary>
/// <param name="Duration">Wall time from sending the request until the body was decoded or the attempt failed.</param>
/// <param name="StatusCode">HTTP status, or null.</param>
/// <param name="ResponseBytes">Body bytes received.</param>
/// <param name="Samples">Samples decoded and kept.</param>
/// <param name="Series">Series decoded (with at least one sample kept).</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Attempt">0 for the first attempt, 1 for the first retry, …</param>
/// <param name="ResponseType">The response encoding the server chose, when known.</param>
public readonly record struct RemoteReadRequestReport(
    TimeSpan Duration,
    int? StatusCode,
    long ResponseBytes,
    long Samples,
    int Series,
    RemoteReadOutcome Outcome,
    int Attempt,
    RemoteReadResponseType? ResponseType);
