namespace Sidecar.Testing;

/// <summary>How a <see cref="TcpFaultProxy"/> treats connections.</summary>
public enum ProxyMode
{
    /// <summary>Forward every connection to the target.</summary>
    Forward,

    /// <summary>Not listening: connections are refused, as to a stopped server; open ones are cut.</summary>
    Down,

    /// <summary>Accept and read, but never answer: a server that hangs. Connections stay open until the client gives up.</summary>
    Stall,
}
