namespace Sidecar.RemoteRead.Protocol;

/// <summary>One request's decoded series, with the samples kept and the body bytes received.</summary>
internal sealed record DecodedResponse(IReadOnlyList<TimeSeries> Series, long Samples, long BodyBytes);
