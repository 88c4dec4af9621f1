using Sidecar.RemoteRead;
using YamlDotNet.RepresentationModel;

namespace Sidecar.Config.Binding;

/// <summary>Reads and checks the <c>remote_read:</c> list.</summary>
internal static class RemoteReadBinder
{
    internal static readonly string[] Keys =
    [
        "name", "url", "remote_timeout", "headers", "basic_auth", "authorization", "bearer_token_file", "tls_config",
        "max_request_range", "max_concurrent_requests", "max_retries", "min_backoff", "max_backoff",
        "max_frame_bytes", "max_response_bytes", "max_samples_per_request",
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

            var diagnosticsBefore = context.Diagnostics.Count;
            var name = RemoteReadConfig.DefaultName;
            if (section["name"] is { } nameNode && Scalars.NonEmptyString(context, nameNode, section.PathOf("name"), out var n))
            {
                name = n;
            }

            var client = BindClient(context, section, "Prometheus serves remote read at /api/v1/read");
            ReportClientProblems(context, section, client.Validate(key => (section[key] as YamlScalarNode)?.Value), diagnosticsBefore);
            if (section["name"] is null && items.Count > 1)
            {
                context.Error(section.Node, $"{path}: missing required key \"name\" (needed when there are several remote_read entries)");
            }
            else if (names.TryAdd(name, section["name"] ?? section.Node) is false)
            {
                context.Error(section["name"] ?? section.Node, $"{path}.name: remote_read \"{name}\" is defined twice");
            }

            result.Add(new RemoteReadConfig(name, client));
        }

        return result;
    }

    /// <summary>
    /// The client's own rules (<see cref="RemoteReadClientOptions.Validate"/>), each reported at the key it points at,
    /// quoting values as written. A problem where a key already failed to read is left out: it would only be the
    /// default standing in for that key. Shared with the <c>query_range</c> entries, which have the same HTTP keys.
    /// </summary>
    internal static void ReportClientProblems(BindContext context, YamlSection s, IEnumerable<RemoteReadOptionsProblem> problems, int diagnosticsBefore)
    {
        var failed = context.Diagnostics.Skip(diagnosticsBefore).Where(d => d.Severity == ConfigSeverity.Error).ToArray();
        foreach (var problem in problems)
        {
            var at = Locate(s, problem.At);
            if (failed.Any(d => Contains(at, d)))
            {
                continue;
            }

            context.Error(at, $"{(problem.Key.Length == 0 ? s.Path : s.PathOf(problem.Key))}: {problem.Message}");
        }
    }

    /// <summary>
    /// The node of a dotted key (<c>basic_auth.password_file</c>): its value, or the name itself for a header (the
    /// name is what is wrong there); the nearest enclosing node that is written when the key is not.
    /// </summary>
    private static YamlNode Locate(YamlSection s, string key)
    {
        var parts = key.Split('.', 2);
        if (parts[0].Length == 0 || s[parts[0]] is not { } node)
        {
            return s.Node;
        }

        if (parts.Length == 1 || node is not YamlMappingNode mapping)
        {
            return node;
        }

        foreach (var (name, value) in mapping.Children)
        {
            if (name is YamlScalarNode { Value: { } text } && string.Equals(text, parts[1], StringComparison.OrdinalIgnoreCase))
            {
                return parts[0] == "headers" ? name : value;
            }
        }

        return node;
    }

    // YamlDotNet ends a mapping or list where it starts, so the extent is that of the last node inside.
    private static bool Contains(YamlNode node, ConfigDiagnostic d) =>
        (d.Line, d.Column).CompareTo(((int)node.Start.Line, (int)node.Start.Column)) >= 0
        && (d.Line, d.Column).CompareTo(node.AllNodes.Max(n => ((int)n.End.Line, (int)n.End.Column))) <= 0;

    /// <summary>
    /// The client options from the keys <paramref name="s"/> allows (a <c>query_range</c> entry allows fewer); a URL
    /// without a path gets a warning ending in <paramref name="urlPathHint"/>.
    /// </summary>
    internal static RemoteReadClientOptions BindClient(BindContext context, YamlSection s, string urlPathHint)
    {
        // A missing or unreadable URL (reported) leaves an empty relative one, which Validate refuses: its problem is
        // then left out, as the key already failed.
        var url = new Uri("", UriKind.Relative);
        if (context.Required(s, "url", Scalars.String, out string text))
        {
            url = BindUrl(context, s["url"]!, s.PathOf("url"), text, urlPathHint);
        }

        var client = new RemoteReadClientOptions { Url = url };
        client = Set<TimeSpan>(context, s, "remote_timeout", Scalars.Duration, client, (c, v) => c with { RemoteTimeout = v });
        client = Set<TimeSpan>(context, s, "max_request_range", Scalars.Duration, client, (c, v) => c with { MaxRequestRange = v });
        client = Set<int>(context, s, "max_concurrent_requests", Scalars.Int, client, (c, v) => c with { MaxConcurrentRequests = v });
        client = Set<int>(context, s, "max_retries", Scalars.Int, client, (c, v) => c with { MaxRetries = v });
        client = Set<TimeSpan>(context, s, "min_backoff", Scalars.Duration, client, (c, v) => c with { MinBackoff = v });
        client = Set<TimeSpan>(context, s, "max_backoff", Scalars.Duration, client, (c, v) => c with { MaxBackoff = v });
        client = Set<long>(context, s, "max_frame_bytes", Scalars.Size, client, (c, v) => c with { MaxFrameBytes = v });
        client = Set<long>(context, s, "max_response_bytes", Scalars.Size, client, (c, v) => c with { MaxResponseBytes = v });
        client = Set<long>(context, s, "max_samples_per_request", Scalars.Long, client, (c, v) => c with { MaxSamplesPerRequest = v });
        if (s["headers"] is { } headers)
        {
            client = client with { Headers = HttpConfigBinder.Headers(context, headers, s.PathOf("headers")) };
        }

        if (s["basic_auth"] is { } basic && context.Section(basic, s.PathOf("basic_auth"), HttpConfigBinder.BasicAuthKeys) is { } basicSection)
        {
            client = client with { BasicAuth = HttpConfigBinder.BasicAuth(context, basicSection) };
        }

        if (s["authorization"] is { } auth && context.Section(auth, s.PathOf("authorization"), HttpConfigBinder.AuthorizationKeys) is { } authSection)
        {
            client = client with { Authorization = HttpConfigBinder.Authorization(context, authSection) };
        }

        if (s["bearer_token_file"] is { } bearer && Scalars.NonEmptyString(context, bearer, s.PathOf("bearer_token_file"), out var bearerFile))
        {
            client = client with { BearerTokenFile = context.ResolvePath(bearerFile) };
        }

        if (s["tls_config"] is { } tls && context.Section(tls, s.PathOf("tls_config"), HttpConfigBinder.TlsKeys) is { } tlsSection)
        {
            client = client with { TlsConfig = HttpConfigBinder.Tls(context, tlsSection) };
        }

        return client;
    }

    /// <summary>The URL as written; whether it is one the client can use is <see cref="RemoteReadClientOptions.Validate"/>'s rule.</summary>
    private static Uri BindUrl(BindContext context, YamlNode node, string path, string text, string pathHint)
    {
        if (!Uri.TryCreate(text, UriKind.RelativeOrAbsolute, out var uri))
        {
            // Not a URL at all: kept as a relative one, which the client refuses with its own message.
            return new Uri(Uri.EscapeDataString(text), UriKind.Relative);
        }

        if (uri.IsAbsoluteUri && uri.Scheme is "http" or "https" && uri.UserInfo.Length == 0 && uri.AbsolutePath is "" or "/")
        {
            context.Warning(node, $"{path}: the URL has no path; {pathHint}");
        }

        return uri;
    }

    private static RemoteReadClientOptions Set<T>(BindContext context, YamlSection s, string key, ValueParser<T> parse,
        RemoteReadClientOptions client, Func<RemoteReadClientOptions, T, RemoteReadClientOptions> set) =>
        s[key] is { } node && parse(context, node, s.PathOf(key), out var value) ? set(client, value) : client;
}
