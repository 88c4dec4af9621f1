namespace Sidecar.RemoteRead.Server;

/// <summary>A decoded remote-read request, as a server receives it: its queries and the response types the client accepts, in its order of preference. Immutable.</summary>
public sealed record ReadRequestBody(IReadOnlyList<ReadQuery> Queries, IReadOnlyList<RemoteReadResponseType> AcceptedResponseTypes);
