using System.Net;
using System.Net.Sockets;

namespace Sidecar.Testing;

/// <summary>Finds TCP ports on 127.0.0.1 that nothing listens on right now.</summary>
public static class FreePort
{
    /// <summary>A port the OS just handed out; a small race with other processes remains.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
