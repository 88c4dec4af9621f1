using YamlDotNet.RepresentationModel;

namespace Sidecar.Config.Binding;

/// <summary>Reads the Prometheus <c>http_config</c> parts of a <c>remote_read</c> entry: headers, authentication, TLS.</summary>
internal static class HttpConfigBinder
{
    public static readonly string[] BasicAuthKeys = ["username", "password", "password_file"];
    public static readonly string[] AuthorizationKeys = ["type", "credentials", "credentials_file"];
    public static readonly string[] TlsKeys = ["ca_file", "cert_file", "key_file", "server_name", "insecure_skip_verify"];

    /// <summary>Headers the client sets itself (or that an auth block sets); Prometheus reserves the same ones.</summary>
    public static readonly string[] ReservedHeaders =
    [
        "Authorization", "Host", "Content-Encoding", "Content-Length", "Content-Type", "User-Agent", "Connection",
        "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "WWW-Authenticate", "Transfer-Encoding",
    ];

    public static Dictionary<string, string> Headers(BindContext context, YamlNode node, string path)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (node is not YamlMappingNode mapping)
        {
            context.Error(node, $"{path}: expected a mapping of header names to values, got {BindContext.Describe(node)}");
            return headers;
        }

        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var name = (keyNode as YamlScalarNode)?.Value ?? "";
            var headerPath = $"{path}.{name}";
            if (name.Length == 0 || !name.All(c => c > ' ' && c < 127 && !"()<>@,;:\\\"/[]?={}".Contains(c)))
            {
                context.Error(keyNode, $"{path}: \"{name}\" is not a valid header name");
            }
            else if (ReservedHeaders.Contains(name, StringComparer.OrdinalIgnoreCase)
                || name.StartsWith("X-Prometheus-Remote-", StringComparison.OrdinalIgnoreCase))
            {
                context.Error(keyNode, $"{headerPath}: header \"{name}\" is set by the sidecar itself{(name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) ? "; use authorization or basic_auth" : "")}");
            }
            else if (Scalars.String(context, valueNode, headerPath, out var value))
            {
                if (!headers.TryAdd(name, value))
                {
                    context.Error(keyNode, $"{headerPath}: header \"{name}\" is set twice");
                }
            }
        }

        return headers;
    }

    public static BasicAuthConfig BasicAuth(BindContext context, YamlSection s)
    {
        var auth = new BasicAuthConfig();
        if (context.Required(s, "username", Scalars.NonEmptyString, out string user))
        {
            auth = auth with { Username = user };
        }

        var (password, file) = SecretOrFile(context, s, "password", Scalars.String);
        return auth with { Password = password, PasswordFile = file };
    }

    public static AuthorizationConfig Authorization(BindContext context, YamlSection s)
    {
        var auth = new AuthorizationConfig();
        if (s["type"] is { } t && Scalars.NonEmptyString(context, t, s.PathOf("type"), out var type))
        {
            if (type.Equals("Basic", StringComparison.OrdinalIgnoreCase))
            {
                context.Error(t, $"{s.PathOf("type")}: use basic_auth for Basic authentication");
            }
            else if (type.Any(char.IsWhiteSpace))
            {
                context.Error(t, $"{s.PathOf("type")}: must be one word, e.g. Bearer");
            }

            auth = auth with { Type = type };
        }

        var (credentials, file) = SecretOrFile(context, s, "credentials", Scalars.NonEmptyString);
        return auth with { Credentials = credentials, CredentialsFile = file };
    }

    public static TlsConfig Tls(BindContext context, YamlSection s)
    {
        string? File(string key)
        {
            if (s[key] is not { } node || !Scalars.NonEmptyString(context, node, s.PathOf(key), out var path))
            {
                return null;
            }

            var full = context.ResolvePath(path);
            if (!System.IO.File.Exists(full))
            {
                context.Warning(node, $"{s.PathOf(key)}: file \"{full}\" does not exist (yet); requests will fail until it does");
            }

            return full;
        }

        var tls = new TlsConfig { CaFile = File("ca_file"), CertFile = File("cert_file"), KeyFile = File("key_file") };
        if ((s["cert_file"] is null) != (s["key_file"] is null))
        {
            context.Error(s.Node, $"{s.Path}: cert_file and key_file must be set together");
        }

        if (s["server_name"] is { } sn && Scalars.NonEmptyString(context, sn, s.PathOf("server_name"), out var serverName))
        {
            tls = tls with { ServerName = serverName };
        }

        if (s["insecure_skip_verify"] is { } isv && Scalars.Bool(context, isv, s.PathOf("insecure_skip_verify"), out var skip))
        {
            tls = tls with { InsecureSkipVerify = skip };
        }

        return tls;
    }

    /// <summary>
    /// <paramref name="key"/> inline (read by <paramref name="read"/>) or <paramref name="key"/><c>_file</c> (an absolute
    /// path, read at request time), at most one of them; each null when absent or invalid.
    /// </summary>
    private static (Secret? Inline, string? File) SecretOrFile(BindContext context, YamlSection s, string key, ValueParser<string> read)
    {
        var fileKey = key + "_file";
        Secret? inline = s[key] is { } node && read(context, node, s.PathOf(key), out var text) ? new Secret(text) : null;
        string? file = s[fileKey] is { } fileNode && Scalars.NonEmptyString(context, fileNode, s.PathOf(fileKey), out var path)
            ? context.ResolvePath(path)
            : null;
        if (s[key] is not null && s[fileKey] is { } both)
        {
            context.Error(both, $"{s.Path}: at most one of {key} and {fileKey} may be set");
        }

        return (inline, file);
    }
}
