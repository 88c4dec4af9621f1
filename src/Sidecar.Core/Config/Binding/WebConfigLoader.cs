using System.Security.Authentication;
using YamlDotNet.RepresentationModel;

namespace Sidecar.Config.Binding;

/// <summary>
/// Loads a <c>--web.config.file</c> (exporter-toolkit's format) into a <see cref="WebConfig"/>, reporting every
/// problem with file:line:column as the main config does. Relative paths are relative to the file. Thread-safe.
/// </summary>
public static class WebConfigLoader
{
    private static readonly string[] TopKeys = ["tls_server_config", "http_server_config", "basic_auth_users"];

    private static readonly string[] TlsKeys =
    [
        "cert_file", "key_file", "client_auth_type", "client_ca_file", "min_version", "max_version",
        "cert", "key", "client_ca", "client_allowed_sans", "cipher_suites", "curve_preferences", "prefer_server_cipher_suites",
    ];

    // Accepted by exporter-toolkit, refused here with a clear word rather than as unknown keys.
    private static readonly string[] UnsupportedTlsKeys =
        ["cert", "key", "client_ca", "client_allowed_sans", "cipher_suites", "curve_preferences", "prefer_server_cipher_suites"];

    private static readonly string[] HttpKeys = ["headers", "http2"];

    /// <summary>Reads and loads the file at <paramref name="path"/>; an unreadable file is one diagnostic.</summary>
    public static WebConfigLoadResult LoadFile(string path)
    {
        string text;
        try
        {
            text = ConfigLoader.ReadBounded(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new WebConfigLoadResult(null, [new ConfigDiagnostic(path, 0, 0, ConfigSeverity.Error, $"cannot read file: {e.Message}")]);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();
        return Load(text, path, directory);
    }

    /// <summary>Loads <paramref name="yaml"/>; diagnostics name <paramref name="fileName"/>.</summary>
    public static WebConfigLoadResult Load(string yaml, string fileName, string? baseDirectory = null)
    {
        var context = new BindContext(fileName, yaml, baseDirectory ?? Directory.GetCurrentDirectory());
        var root = ConfigLoader.ParseBounded(context, yaml);
        var config = root is null || BindContext.IsNull(root) ? new WebConfig() : Bind(context, root);
        return new WebConfigLoadResult(context.HasErrors ? null : config, context.Diagnostics.OrderBy(d => d.Line).ThenBy(d => d.Column).ToArray());
    }

    private static WebConfig Bind(BindContext context, YamlNode root)
    {
        if (context.Section(root, "", TopKeys) is not { } top)
        {
            return new WebConfig();
        }

        var config = new WebConfig();
        if (top["tls_server_config"] is { } tlsNode && !BindContext.IsNull(tlsNode) && context.Section(tlsNode, "tls_server_config", TlsKeys) is { } tls)
        {
            config = config with { Tls = BindTls(context, tls) };
        }

        if (top["http_server_config"] is { } httpNode && !BindContext.IsNull(httpNode) && context.Section(httpNode, "http_server_config", HttpKeys) is { } http)
        {
            config = config with { Headers = StringMap(context, http["headers"], http.PathOf("headers")) };
            if (http["http2"] is { } h2)
            {
                Scalars.Bool(context, h2, http.PathOf("http2"), out _);
            }
        }

        if (top["basic_auth_users"] is { } usersNode && !BindContext.IsNull(usersNode))
        {
            var users = StringMap(context, usersNode, "basic_auth_users");
            foreach (var (user, hash) in users)
            {
                if (!IsBcrypt(hash))
                {
                    context.Error(((YamlMappingNode)usersNode).Children.First(c => ((YamlScalarNode)c.Key).Value == user).Value,
                        $"basic_auth_users.{user}: not a bcrypt hash (expected $2a$, $2b$ or $2y$, cost and 53 characters; make one with htpasswd -nBC 10 \"\" | tr -d ':\\n')");
                }
            }

            config = config with { BasicAuthUsers = users };
        }

        return config;
    }

    private static WebTlsConfig? BindTls(BindContext context, YamlSection s)
    {
        foreach (var unsupported in UnsupportedTlsKeys)
        {
            if (s.KeyNode(unsupported) is { } node)
            {
                context.Error(node, $"{s.PathOf(unsupported)}: not supported by the sidecar; use the *_file keys, and the TLS library's cipher and curve defaults");
            }
        }

        var cert = RequiredFile(context, s, "cert_file");
        var key = RequiredFile(context, s, "key_file");
        var ca = s["client_ca_file"] is { } caNode ? File(context, caNode, s.PathOf("client_ca_file")) : null;
        var auth = ClientAuthType.NoClientCert;
        if (s["client_auth_type"] is { } authNode && Scalars.String(context, authNode, s.PathOf("client_auth_type"), out var authText))
        {
            if (!Enum.TryParse(authText, ignoreCase: false, out auth) || !Enum.IsDefined(auth) || int.TryParse(authText, out _))
            {
                auth = ClientAuthType.NoClientCert;
                context.Error(authNode, $"{s.PathOf("client_auth_type")}: unknown value \"{authText}\"; expected one of: {string.Join(", ", Enum.GetNames<ClientAuthType>())}");
            }
        }

        if (auth is ClientAuthType.VerifyClientCertIfGiven or ClientAuthType.RequireAndVerifyClientCert && s["client_ca_file"] is null)
        {
            context.Error(s.Node, $"{s.Path}: client_auth_type {auth} needs client_ca_file to verify against");
        }
        else if (s["client_ca_file"] is { } given && auth == ClientAuthType.NoClientCert)
        {
            context.Error(given, $"{s.Path}: client_ca_file is set but client_auth_type is NoClientCert; set VerifyClientCertIfGiven or RequireAndVerifyClientCert");
        }

        var min = Version(context, s, "min_version", SslProtocols.Tls12);
        var max = Version(context, s, "max_version", SslProtocols.Tls13);
        if (min > max)
        {
            context.Error(s.Node, $"{s.Path}: min_version is above max_version");
        }

        return cert is null || key is null ? null : new WebTlsConfig
        {
            CertFile = cert,
            KeyFile = key,
            ClientCaFile = ca,
            ClientAuth = auth,
            MinVersion = min,
            MaxVersion = max,
        };
    }

    private static SslProtocols Version(BindContext context, YamlSection s, string key, SslProtocols fallback)
    {
        if (s[key] is not { } node || !Scalars.String(context, node, s.PathOf(key), out var text))
        {
            return fallback;
        }

        switch (text)
        {
            case "TLS12":
                return SslProtocols.Tls12;
            case "TLS13":
                return SslProtocols.Tls13;
            case "TLS10" or "TLS11":
                context.Error(node, $"{s.PathOf(key)}: {text} is not offered; TLS 1.0 and 1.1 are insecure and off in .NET. Use TLS12 or TLS13");
                return fallback;
            default:
                context.Error(node, $"{s.PathOf(key)}: unknown value \"{text}\"; expected TLS12 or TLS13");
                return fallback;
        }
    }

    private static string? RequiredFile(BindContext context, YamlSection s, string key)
    {
        if (s[key] is { } node)
        {
            return File(context, node, s.PathOf(key));
        }

        context.Error(s.Node, $"{s.Path}: missing required key \"{key}\"");
        return null;
    }

    private static string? File(BindContext context, YamlNode node, string path)
    {
        if (!Scalars.NonEmptyString(context, node, path, out var text))
        {
            return null;
        }

        var full = context.ResolvePath(text);
        if (!System.IO.File.Exists(full))
        {
            context.Error(node, $"{path}: file \"{full}\" does not exist");
            return null;
        }

        return full;
    }

    private static Dictionary<string, string> StringMap(BindContext context, YamlNode? node, string path)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is null || BindContext.IsNull(node))
        {
            return map;
        }

        if (node is not YamlMappingNode mapping)
        {
            context.Error(node, $"{path}: expected a mapping (key: value lines), got {BindContext.Describe(node)}");
            return map;
        }

        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is YamlScalarNode { Value: { Length: > 0 } name } && Scalars.String(context, valueNode, $"{path}.{name}", out var value))
            {
                map[name] = value;
            }
            else if (keyNode is not YamlScalarNode { Value.Length: > 0 })
            {
                context.Error(keyNode, $"{path}: keys must be plain words");
            }
        }

        return map;
    }

    private static bool IsBcrypt(string hash) =>
        hash.Length == 60 && (hash.StartsWith("$2a$", StringComparison.Ordinal) || hash.StartsWith("$2b$", StringComparison.Ordinal)
            || hash.StartsWith("$2y$", StringComparison.Ordinal)) && hash[6] == '$' && char.IsAsciiDigit(hash[4]) && char.IsAsciiDigit(hash[5]);
}
