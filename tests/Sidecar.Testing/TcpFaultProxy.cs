using System.Net;
using System.Net.Sockets;

namespace Sidecar.Testing;

/// <summary>
/// A loopback TCP proxy in front of a real server, for fault injection only: forward, refuse (the server is down) or
/// stall (the server hangs), switched at run time. Counts connections, including the most open at once, so a test
/// can prove that clients do not pile up requests. Thread-safe.
/// </summary>
public sealed class TcpFaultProxy : IAsyncDisposable
{
    private readonly int _targetPort;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _gate = new();
    private readonly HashSet<Socket> _open = [];
    private readonly HashSet<Socket> _upstream = [];
    private TcpListener? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private ProxyMode _mode = ProxyMode.Forward;
    private int _maxOpen;
    private int _total;

    private TcpFaultProxy(int port, int targetPort)
    {
        Port = port;
        _targetPort = targetPort;
    }

    /// <summary>The port the proxy listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>Connections accepted so far.</summary>
    public int TotalConnections => Volatile.Read(ref _total);

    /// <summary>Client connections open now.</summary>
    public int OpenConnections
    {
        get
        {
            lock (_gate)
            {
                return _open.Count;
            }
        }
    }

    /// <summary>The most client connections that were open at once since the last <see cref="ResetCounters"/>.</summary>
    public int MaxOpenConnections => Volatile.Read(ref _maxOpen);

    /// <summary>The current mode; setting another one cuts every open connection, then applies to new ones.</summary>
    public ProxyMode Mode
    {
        get
        {
            lock (_gate)
            {
                return _mode;
            }
        }

        set
        {
            lock (_gate)
            {
                if (_mode == value)
                {
                    return;
                }

                _mode = value;
                // Every switch cuts what is open, as a server that dies, hangs or comes back would: clients must
                // reconnect, and a pooled keep-alive connection cannot bypass the new mode.
                foreach (var socket in _open.Concat(_upstream))
                {
                    Abort(socket);
                }

                if (value == ProxyMode.Down)
                {
                    StopListening();
                }
                else if (_listener is null)
                {
                    StartListening();
                }
            }
        }
    }

    /// <summary>Starts a proxy to 127.0.0.1:<paramref name="targetPort"/> on a free port.</summary>
    public static TcpFaultProxy Start(int targetPort)
    {
        var proxy = new TcpFaultProxy(FreePort.Next(), targetPort);
        lock (proxy._gate)
        {
            proxy.StartListening();
        }

        return proxy;
    }

    /// <summary>Resets <see cref="MaxOpenConnections"/> to the connections open now.</summary>
    public void ResetCounters()
    {
        lock (_gate)
        {
            Volatile.Write(ref _maxOpen, _open.Count);
        }
    }

    /// <summary>Stops the proxy and cuts every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync().ConfigureAwait(false);
        lock (_gate)
        {
            StopListening();
            foreach (var socket in _open.Concat(_upstream))
            {
                Abort(socket);
            }
        }

        try
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }

        _disposed.Dispose();
    }

    private void StartListening()
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _acceptLoop = Task.Run(() => AcceptLoopAsync(listener));
    }

    private void StopListening()
    {
        _listener?.Stop();
        _listener = null;
    }

    private async Task AcceptLoopAsync(TcpListener listener)
    {
        while (!_disposed.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(_disposed.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                return;
            }

            ProxyMode mode;
            lock (_gate)
            {
                mode = _mode;
                _open.Add(client);
                Interlocked.Increment(ref _total);
                if (_open.Count > _maxOpen)
                {
                    Volatile.Write(ref _maxOpen, _open.Count);
                }
            }

            _ = Task.Run(() => HandleAsync(client, mode));
        }
    }

    private async Task HandleAsync(Socket client, ProxyMode mode)
    {
        try
        {
            if (mode == ProxyMode.Down)
            {
                return;
            }

            if (mode == ProxyMode.Stall)
            {
                // Swallow the request and never answer; return when the client closes or the proxy cuts it.
                var buffer = new byte[4096];
                while (await client.ReceiveAsync(buffer, SocketFlags.None, _disposed.Token).ConfigureAwait(false) > 0)
                {
                }

                return;
            }

            using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await server.ConnectAsync(IPAddress.Loopback, _targetPort, _disposed.Token).ConfigureAwait(false);
            lock (_gate)
            {
                _upstream.Add(server);
            }

            try
            {
                using var clientStream = new NetworkStream(client, ownsSocket: false);
                using var serverStream = new NetworkStream(server, ownsSocket: false);
                var up = clientStream.CopyToAsync(serverStream, _disposed.Token);
                var down = serverStream.CopyToAsync(clientStream, _disposed.Token);
                await Task.WhenAny(up, down).ConfigureAwait(false);
            }
            finally
            {
                lock (_gate)
                {
                    _upstream.Remove(server);
                }
            }
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            lock (_gate)
            {
                _open.Remove(client);
            }

            Abort(client);
        }
    }

    private static void Abort(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }
}
