using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Sidecar.RemoteRead.Tests.Fakes;

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1 (optionally TLS) for fault injection: each request is parsed and handed
/// to a handler that writes whatever bytes it likes, stalls, or resets the connection. One request per
/// connection (responses say <c>Connection: close</c>).
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<LoopbackRequest, LoopbackConnection, Task> _handler;
    private readonly X509Certificate2? _certificate;
    private readonly bool _requireClientCertificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly ConcurrentQueue<LoopbackRequest> _requests = new();
    private int _count;
    private int _active;
    private int _maxActive;

    public LoopbackServer(
        Func<LoopbackRequest, LoopbackConnection, Task> handler, X509Certificate2? certificate = null, bool requireClientCertificate = false)
    {
        _handler = handler;
        _certificate = certificate;
        _requireClientCertificate = requireClientCertificate;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        var port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        Url = new Uri($"{(certificate is null ? "http" : "https")}://127.0.0.1:{port}/api/v1/read");
        _acceptLoop = AcceptAsync();
    }

    public Uri Url { get; }

    /// <summary>Requests received, in arrival order.</summary>
    public IReadOnlyList<LoopbackRequest> Requests => [.. _requests];

    /// <summary>Most requests handled at the same time.</summary>
    public int MaxConcurrentRequests => Volatile.Read(ref _maxActive);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        var connection = new LoopbackConnection(socket);
        try
        {
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            X509Certificate? clientCertificate = null;
            if (_certificate is not null)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false, (_, _, _, _) => true);
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = _certificate,
                    ClientCertificateRequired = _requireClientCertificate,
                    RemoteCertificateValidationCallback = (_, _, _, _) => true,
                });
                clientCertificate = ssl.RemoteCertificate;
                stream = ssl;
            }

            connection.Stream = stream;
            var request = await ReadRequestAsync(stream, clientCertificate);
            if (request is null)
            {
                return;
            }

            _requests.Enqueue(request);
            var active = Interlocked.Increment(ref _active);
            InterlockedMax(ref _maxActive, active);
            try
            {
                await _handler(request, connection);
            }
            finally
            {
                Interlocked.Decrement(ref _active);
            }

            await stream.FlushAsync();
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
            // The client went away or the test reset the connection.
        }
        finally
        {
            connection.Close();
        }
    }

    private async Task<LoopbackRequest?> ReadRequestAsync(Stream stream, X509Certificate? clientCertificate)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || !(head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return null;
            }

            head.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString(head.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var existing) ? existing + ", " + value : value;
        }

        var body = new byte[headers.TryGetValue("Content-Length", out var length) ? int.Parse(length, System.Globalization.CultureInfo.InvariantCulture) : 0];
        await stream.ReadExactlyAsync(body);
        return new LoopbackRequest(requestLine[0], requestLine[1], headers, body, Interlocked.Increment(ref _count) - 1, clientCertificate);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}

/// <summary>One parsed request. <see cref="Index"/> is its arrival order (0 for the first).</summary>
public sealed record LoopbackRequest(
    string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, int Index, X509Certificate? ClientCertificate);

/// <summary>The server side of one connection: write a response, stream it in pieces, or reset.</summary>
public sealed class LoopbackConnection(Socket socket)
{
    public Stream Stream { get; internal set; } = Stream.Null;

    /// <summary>Writes a complete response with a Content-Length.</summary>
    public async Task RespondAsync(int status, string? contentType, byte[] body, IReadOnlyDictionary<string, string>? headers = null)
    {
        await WriteHeadAsync(status, contentType, body.Length, headers);
        await Stream.WriteAsync(body);
        await Stream.FlushAsync();
    }

    /// <summary>Writes the status line and headers; with a null length the body is sent until the connection closes.</summary>
    public async Task WriteHeadAsync(int status, string? contentType, long? contentLength, IReadOnlyDictionary<string, string>? headers = null)
    {
        var sb = new StringBuilder();
        sb.Append("HTTP/1.1 ").Append(status).Append(' ').Append(status == 200 ? "OK" : "Status").Append("\r\n");
        sb.Append("Connection: close\r\n");
        if (contentType is not null)
        {
            sb.Append("Content-Type: ").Append(contentType).Append("\r\n");
        }

        if (contentLength is { } length)
        {
            sb.Append("Content-Length: ").Append(length).Append("\r\n");
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            sb.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        sb.Append("\r\n");
        await Stream.WriteAsync(Encoding.ASCII.GetBytes(sb.ToString()));
        await Stream.FlushAsync();
    }

    /// <summary>Writes raw body bytes.</summary>
    public async Task WriteAsync(byte[] bytes)
    {
        await Stream.WriteAsync(bytes);
        await Stream.FlushAsync();
    }

    /// <summary>Aborts the connection with a TCP reset.</summary>
    public void Reset()
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }

    internal void Close()
    {
        try
        {
            Stream.Dispose();
        }
        catch (IOException)
        {
        }

        socket.Dispose();
    }
}
