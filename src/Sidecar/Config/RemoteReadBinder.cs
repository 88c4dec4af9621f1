using YamlDotNet.RepresentationModel;

namespace Sidecar.Config;

/// <summary>Reads and checks the <c>remote_read:</c> list.</summary>
internal static class RemoteReadBinder
{
    private static readonly string[] Keys =
    [
        "name", "url", "remote_timeout", "headers", "basic_auth", "authorization", "bearer_token_file", "tls_config",
        "max_request_range", "max_concurrent_requests", "max_retries", "min_backoff", "max_backoff",
        "max_frame_bytes", "max_response_bytes", "max_samples_per_request",
    ];

    private static readonly string[] BasicAuthKeys = ["username", "password", "password_file"];
    private static readonly string[] AuthorizationKeys = ["type", "credentials", "credentials_file"];
    private static readonly string[] TlsKeys = ["ca_file", "cert_file", "key_file", "server_name", "insecure_skip_verify"];

    /// <summary>Headers the client sets itself (or that an auth block sets); Prometheus reserves the same ones.</summary>
    private static readonly string[] ReservedHeaders =
    [
        "Authorization", "Host", "Content-Encoding", "Content-Length", "Content-Type", "User-Agent", "Connection",
        "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "WWW-Authenticate", "Transfer-Encoding",
    ];

    public static IReadOnlyList<RemoteReadConfig> Bind(BindContext context, YamlNode node)
    {
        var result = new List<RemoteReadConfig>();
        if (context.Sequence(node, "remote_read") is not { } items)
        {
            return result;
        }

        var names = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"remote_read[{i}]";
            if (context.Section(items[i], path, Keys) is not { } section)
            {
                continue;
            }

            var errorsBefore = context.Diagnostics.Count(d => d.Severity == ConfigSeverity.Error);
            var entry = BindEntry(context, section);
            if (context.Diagnostics.Count(d => d.Severity == ConfigSeverity.Error) == errorsBefore)
            {
                // The client checks its options too; anything it still refuses is reported here, not at start-up.
                foreach (var problem in RemoteReadOptionsMapper.ToClientOptions(entry).Validate())
                {
                    context.Error(section.Node, $"{path}: {problem}");
                }
            }
            if (section["name"] is null && items.Count > 1)
            {
                context.Error(section.Node, $"{path}: missing required key \"name\" (needed when there are several remote_read entries)");
            }
            else if (names.TryAdd(entry.Name, section["name"] ?? section.Node) is false)
            {
                context.Error(section["name"] ?? section.Node, $"{path}.name: remote_read \"{entry.Name}\" is defined twice");
            }

            result.Add(entry);
        }

        return result;
    }

    private static RemoteReadConfig BindEntry(BindContext context, YamlSection s)
    {
        var entry = new RemoteReadConfig();
        if (s["name"] is { } name && Scalars.NonEmptyString(context, name, s.PathOf("name"), out var n))
        {
            entry = entry with { Name = n };
        }

        if (ModelValues.Required(context, s, "url", Scalars.String, out string url))
        {
            entry = BindUrl(context, s["url"]!, s.PathOf("url"), url) is { } uri ? entry with { Url = uri } : entry;
        }

        entry = Set<TimeSpan>(context, s, "remote_timeout", ModelValues.PositiveDuration, entry, (e, v) => e with { RemoteTimeout = v });
        entry = Set<TimeSpan>(context, s, "max_request_range", ModelValues.PositiveDuration, entry, (e, v) => e with { MaxRequestRange = v });
        entry = Set<int>(context, s, "max_concurrent_requests", ModelValues.PositiveInt, entry, (e, v) => e with { MaxConcurrentRequests = v });
        entry = Set<int>(context, s, "max_retries", ModelValues.NonNegativeInt, entry, (e, v) => e with { MaxRetries = v });
        entry = Set<TimeSpan>(context, s, "min_backoff", ModelValues.PositiveDuration, entry, (e, v) => e with { MinBackoff = v });
        entry = Set<TimeSpan>(context, s, "max_backoff", ModelValues.PositiveDuration, entry, (e, v) => e with { MaxBackoff = v });
        entry = Set<long>(context, s, "max_frame_bytes", FrameSize, entry, (e, v) => e with { MaxFrameBytes = v });
        entry = Set<long>(context, s, "max_response_bytes", ResponseSize, entry, (e, v) => e with { MaxResponseBytes = v });
        entry = Set<long>(context, s, "max_samples_per_request", PositiveLong, entry, (e, v) => e with { MaxSamplesPerRequest = v });
        if (entry.MinBackoff > entry.MaxBackoff && s["min_backoff"] is { } mb)
        {
            context.Error(mb, $"{s.PathOf("min_backoff")}: {PromDuration.Format(entry.MinBackoff)} is longer than max_backoff ({PromDuration.Format(entry.MaxBackoff)})");
        }

        if (s["headers"] is { } headers)
        {
            entry = entry with { Headers = BindHeaders(context, headers, s.PathOf("headers")) };
        }

        var auths = new[] { "basic_auth", "authorization", "bearer_token_file" }.Where(k => s[k] is not null).ToArray();
        if (auths.Length > 1)
        {
            context.Error(s[auths[1]]!, $"{s.Path}: at most one of basic_auth, authorization and bearer_token_file may be set (found {string.Join(" and ", auths)})");
        }

        if (s["basic_auth"] is { } basic && context.Section(basic, s.PathOf("basic_auth"), BasicAuthKeys) is { } basicSection)
        {
            entry = entry with { BasicAuth = BindBasicAuth(context, basicSection) };
        }

        if (s["authorization"] is { } auth && context.Section(auth, s.PathOf("authorization"), AuthorizationKeys) is { } authSection)
        {
            entry = entry with { Authorization = BindAuthorization(context, authSection) };
        }

        if (s["bearer_token_file"] is { } bearer && Scalars.NonEmptyString(context, bearer, s.PathOf("bearer_token_file"), out var bearerFile))
        {
            entry = entry with { Authorization = new AuthorizationConfig { CredentialsFile = context.ResolvePath(bearerFile) } };
        }

        if (s["tls_config"] is { } tls && context.Section(tls, s.PathOf("tls_config"), TlsKeys) is { } tlsSection)
        {
            entry = entry with { Tls = BindTls(context, tlsSection) };
        }

        return entry;
    }

    private static Uri? BindUrl(BindContext context, YamlNode node, string path, string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            context.Error(node, $"{path}: invalid URL \"{text}\": expected an absolute http:// or https:// URL, e.g. http://127.0.0.1:9090/api/v1/read");
            return null;
        }

        if (uri.UserInfo.Length > 0)
        {
            context.Error(node, $"{path}: put credentials in basic_auth, not in the URL");
            return null;
        }

        if (uri.AbsolutePath is "" or "/")
        {
            context.Warning(node, $"{path}: the URL has no path; Prometheus serves remote read at /api/v1/read");
        }

        return uri;
    }

    private static Dictionary<string, string> BindHeaders(BindContext context, YamlNode node, string path)
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

    private static BasicAuthConfig BindBasicAuth(BindContext context, YamlSection s)
    {
        var auth = new BasicAuthConfig();
        if (ModelValues.Required(context, s, "username", Scalars.NonEmptyString, out string user))
        {
            auth = auth with { Username = user };
        }

        if (s["password"] is { } p && Scalars.String(context, p, s.PathOf("password"), out var password))
        {
            auth = auth with { Password = new Secret(password) };
        }

        if (s["password_file"] is { } pf && Scalars.NonEmptyString(context, pf, s.PathOf("password_file"), out var file))
        {
            auth = auth with { PasswordFile = context.ResolvePath(file) };
        }

        if (s["password"] is not null && s["password_file"] is { } both)
        {
            context.Error(both, $"{s.Path}: at most one of password and password_file may be set");
        }

        return auth;
    }

    private static AuthorizationConfig BindAuthorization(BindContext context, YamlSection s)
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

        if (s["credentials"] is { } c && Scalars.NonEmptyString(context, c, s.PathOf("credentials"), out var credentials))
        {
            auth = auth with { Credentials = new Secret(credentials) };
        }

        if (s["credentials_file"] is { } cf && Scalars.NonEmptyString(context, cf, s.PathOf("credentials_file"), out var file))
        {
            auth = auth with { CredentialsFile = context.ResolvePath(file) };
        }

        if (s["credentials"] is not null && s["credentials_file"] is { } both)
        {
            context.Error(both, $"{s.Path}: at most one of credentials and credentials_file may be set");
        }

        return auth;
    }

    private static TlsConfig BindTls(BindContext context, YamlSection s)
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

    private static bool FrameSize(BindContext context, YamlNode node, string path, out long value) =>
        SizeBetween(context, node, path, out value, 1024, int.MaxValue);

    private static bool ResponseSize(BindContext context, YamlNode node, string path, out long value) =>
        SizeBetween(context, node, path, out value, 1024, long.MaxValue);

    private static bool SizeBetween(BindContext context, YamlNode node, string path, out long value, long min, long max)
    {
        if (!Scalars.Size(context, node, path, out value))
        {
            return false;
        }

        if (value >= min && value <= max)
        {
            return true;
        }

        var rule = max == long.MaxValue ? $"at least {ByteSize.Format(min)}" : $"between {ByteSize.Format(min)} and {max} bytes";
        context.Error(node, $"{path}: must be {rule}, got {((YamlScalarNode)node).Value}");
        return false;
    }

    private static bool PositiveLong(BindContext context, YamlNode node, string path, out long value)
    {
        if (!Scalars.Long(context, node, path, out value))
        {
            return false;
        }

        if (value > 0)
        {
            return true;
        }

        context.Error(node, $"{path}: must be at least 1, got {value}");
        return false;
    }

    private static RemoteReadConfig Set<T>(BindContext context, YamlSection s, string key, ValueParser<T> parse,
        RemoteReadConfig entry, Func<RemoteReadConfig, T, RemoteReadConfig> set) =>
        s[key] is { } node && parse(context, node, s.PathOf(key), out var value) ? set(entry, value) : entry;
}
