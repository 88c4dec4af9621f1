using Sidecar.RemoteRead;
using YamlDotNet.RepresentationModel;

namespace Sidecar.Config.Binding;

/// <summary>Reads the Prometheus <c>http_config</c> parts of a <c>remote_read</c> entry: headers, authentication, TLS.</summary>
internal static class HttpConfigBinder
{
    public static readonly string[] BasicAuthKeys = ["username", "password", "password_file"];
    public static readonly string[] AuthorizationKeys = ["type", "credentials", "credentials_file"];
    public static readonly string[] TlsKeys = ["ca_file", "cert_file", "key_file", "server_name", "insecure_skip_verify"];

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

    public static BasicAuthOptions BasicAuth(BindContext context, YamlSection s)
    {
        // A missing username is the client's rule (RemoteReadClientOptions.Validate), reported with the rest.
        var username = s["username"] is { } u && Scalars.NonEmptyString(context, u, s.PathOf("username"), out var user) ? user : "";
        var (password, file) = SecretOrFile(context, s, "password", Scalars.String);
        return new BasicAuthOptions { Username = username, Password = password, PasswordFile = file };
    }

    public static AuthorizationOptions Authorization(BindContext context, YamlSection s)
    {
        var auth = new AuthorizationOptions();
        if (s["type"] is { } t && Scalars.NonEmptyString(context, t, s.PathOf("type"), out var type))
        {
            auth = auth with { Type = type };
        }

        var (credentials, file) = SecretOrFile(context, s, "credentials", Scalars.NonEmptyString);
        return auth with { Credentials = credentials, CredentialsFile = file };
    }

    /// <summary>The <c>tls_config</c> section; null when it sets nothing (the client then uses the system defaults).</summary>
    public static TlsOptions? Tls(BindContext context, YamlSection s)
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

        var tls = new TlsOptions { CaFile = File("ca_file"), CertFile = File("cert_file"), KeyFile = File("key_file") };
        if (s["server_name"] is { } sn && Scalars.NonEmptyString(context, sn, s.PathOf("server_name"), out var serverName))
        {
            tls = tls with { ServerName = serverName };
        }

        if (s["insecure_skip_verify"] is { } isv && Scalars.Bool(context, isv, s.PathOf("insecure_skip_verify"), out var skip))
        {
            tls = tls with { InsecureSkipVerify = skip };
        }

        return tls == new TlsOptions() ? null : tls;
    }

    /// <summary>
    /// <paramref name="key"/> inline (read by <paramref name="read"/>) or <paramref name="key"/><c>_file</c> (an absolute
    /// path, read at request time); each null when absent or invalid. Setting both is the client's rule.
    /// </summary>
    private static (string? Inline, string? File) SecretOrFile(BindContext context, YamlSection s, string key, ValueParser<string> read)
    {
        var fileKey = key + "_file";
        string? inline = s[key] is { } node && read(context, node, s.PathOf(key), out var text) ? text : null;
        string? file = s[fileKey] is { } fileNode && Scalars.NonEmptyString(context, fileNode, s.PathOf(fileKey), out var path)
            ? context.ResolvePath(path)
            : null;
        return (inline, file);
    }
}
