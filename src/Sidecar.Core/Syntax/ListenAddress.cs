using System.Globalization;
using System.Net;

namespace Sidecar.Syntax;

/// <summary>
/// A <c>--web.listen-address</c> in Prometheus's form: <c>:9717</c> (every interface), <c>127.0.0.1:9717</c>,
/// <c>[::1]:9717</c> or <c>localhost:9717</c>. Port 0 asks the OS for a free port. Immutable.
/// </summary>
public sealed record ListenAddress(string? Host, int Port)
{
    /// <summary>The default port, <c>9717</c>; see the README for why.</summary>
    public const int DefaultPort = 9717;

    /// <summary>The default, <c>:9717</c>.</summary>
    public static ListenAddress Default { get; } = new(null, DefaultPort);

    /// <summary>Parses <paramref name="text"/>; null with <paramref name="error"/> set when it is not host:port.</summary>
    public static ListenAddress? TryParse(string text, out string? error)
    {
        error = null;
        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            error = $"\"{text}\" is not host:port (e.g. :{DefaultPort} or 127.0.0.1:{DefaultPort})";
            return null;
        }

        var host = text[..colon];
        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            error = $"\"{text}\": port must be a number from 0 to 65535";
            return null;
        }

        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
            if (!IPAddress.TryParse(host, out _))
            {
                error = $"\"{text}\": \"{host}\" is not an IPv6 address";
                return null;
            }
        }
        else if (host.Contains(':'))
        {
            error = $"\"{text}\": write IPv6 addresses in brackets, e.g. [::1]:{DefaultPort}";
            return null;
        }

        return new ListenAddress(host.Length == 0 ? null : host, port);
    }

    /// <summary>The address as written on the command line.</summary>
    public override string ToString() =>
        Host is null ? $":{Port}" : Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
