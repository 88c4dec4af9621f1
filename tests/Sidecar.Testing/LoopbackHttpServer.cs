using System.Net;
using System.Text;

namespace Sidecar.Testing;

/// <summary>
/// A tiny HTTP server on a free 127.0.0.1 port that answers every request with a handler the test provides: a
/// scrape target whose value the test controls, a webhook receiver for Alertmanager. Requests are handled one at a
/// time. Dispose to stop it.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<LoopbackRequest, LoopbackResponse> _handler;
    private readonly Task _loop;
    private int _disposed;

    private LoopbackHttpServer(HttpListener listener, Uri baseAddress, Func<LoopbackRequest, LoopbackResponse> handler)
    {
        _listener = listener;
        BaseAddress = baseAddress;
        _handler = handler;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Root URL, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Host and port, as a Prometheus scrape target.</summary>
    public string HostPort => $"{BaseAddress.Host}:{BaseAddress.Port}";

    /// <summary>Starts answering with <paramref name="handler"/> (called for each request; must not throw).</summary>
    public static LoopbackHttpServer Start(Func<LoopbackRequest, LoopbackResponse> handler)
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort.Next();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new LoopbackHttpServer(listener, new Uri($"http://127.0.0.1:{port}/"), handler);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // Another process took the port between FreePort and Start: pick another.
                listener.Close();
            }
        }
    }

    /// <summary>Stops listening; a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                var body = await reader.ReadToEndAsync().ConfigureAwait(false);
                var response = _handler(new LoopbackRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, body));
                var bytes = response.Bytes ?? Encoding.UTF8.GetBytes(response.Body);
                context.Response.StatusCode = response.StatusCode;
                context.Response.ContentType = response.ContentType;
                foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
                {
                    context.Response.Headers[name] = value;
                }

                if (response.Bytes is null)
                {
                    context.Response.ContentLength64 = bytes.Length;
                }
                else
                {
                    context.Response.SendChunked = true;
                }

                try
                {
                    await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
                    context.Response.Close();
                }
                catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
                {
                    // The client went away.
                }
            }
        }
    }
}
