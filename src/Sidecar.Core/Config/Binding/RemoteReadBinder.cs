using Sidecar.Syntax;
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

        if (context.Required(s, "url", Scalars.String, out string url))
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
            entry = entry with { Headers = HttpConfigBinder.Headers(context, headers, s.PathOf("headers")) };
        }

        var auths = new[] { "basic_auth", "authorization", "bearer_token_file" }.Where(k => s[k] is not null).ToArray();
        if (auths.Length > 1)
        {
            context.Error(s[auths[1]]!, $"{s.Path}: at most one of basic_auth, authorization and bearer_token_file may be set (found {string.Join(" and ", auths)})");
        }

        if (s["basic_auth"] is { } basic && context.Section(basic, s.PathOf("basic_auth"), HttpConfigBinder.BasicAuthKeys) is { } basicSection)
        {
            entry = entry with { BasicAuth = HttpConfigBinder.BasicAuth(context, basicSection) };
        }

        if (s["authorization"] is { } auth && context.Section(auth, s.PathOf("authorization"), HttpConfigBinder.AuthorizationKeys) is { } authSection)
        {
            entry = entry with { Authorization = HttpConfigBinder.Authorization(context, authSection) };
        }

        if (s["bearer_token_file"] is { } bearer && Scalars.NonEmptyString(context, bearer, s.PathOf("bearer_token_file"), out var bearerFile))
        {
            entry = entry with { Authorization = new AuthorizationConfig { CredentialsFile = context.ResolvePath(bearerFile) } };
        }

        if (s["tls_config"] is { } tls && context.Section(tls, s.PathOf("tls_config"), HttpConfigBinder.TlsKeys) is { } tlsSection)
        {
            entry = entry with { Tls = HttpConfigBinder.Tls(context, tlsSection) };
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

    private static readonly ValueParser<long> FrameSize = SizeBetween(1024, int.MaxValue);

    private static readonly ValueParser<long> ResponseSize = SizeBetween(1024, long.MaxValue);

    private static readonly ValueParser<long> PositiveLong = Scalars.Checked<long>(Scalars.Long, v => v > 0, (v, _) => $"must be at least 1, got {v}");

    private static ValueParser<long> SizeBetween(long min, long max)
    {
        var rule = max == long.MaxValue ? $"at least {ByteSize.Format(min)}" : $"between {ByteSize.Format(min)} and {max} bytes";
        return Scalars.Checked<long>(Scalars.Size, v => v >= min && v <= max, (_, written) => $"must be {rule}, got {written}");
    }

    private static RemoteReadConfig Set<T>(BindContext context, YamlSection s, string key, ValueParser<T> parse,
        RemoteReadConfig entry, Func<RemoteReadConfig, T, RemoteReadConfig> set) =>
        s[key] is { } node && parse(context, node, s.PathOf(key), out var value) ? set(entry, value) : entry;
}
