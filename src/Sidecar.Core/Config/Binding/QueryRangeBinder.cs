using Sidecar.RemoteRead;
using YamlDotNet.RepresentationModel;

namespace Sidecar.Config.Binding;

/// <summary>
/// Reads and checks the <c>query_range:</c> list: the HTTP keys of a <c>remote_read</c> entry (bound by the same
/// code, with the same rules), less those of the remote-read protocol, plus <c>max_points_per_request</c>.
/// </summary>
internal static class QueryRangeBinder
{
    internal static readonly string[] Keys =
    [
        "name", "url", "remote_timeout", "headers", "basic_auth", "authorization", "bearer_token_file", "tls_config",
        "max_concurrent_requests", "max_retries", "min_backoff", "max_backoff", "max_response_bytes",
        "max_samples_per_request", "max_points_per_request",
    ];

    public static IReadOnlyList<QueryRangeConfig> Bind(BindContext context, YamlNode node, IReadOnlyList<RemoteReadConfig> remoteReads)
    {
        var result = new List<QueryRangeConfig>();
        if (context.Sequence(node, "query_range") is not { } items)
        {
            return result;
        }

        var names = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"query_range[{i}]";
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

            var http = RemoteReadBinder.BindClient(context, section, "Prometheus and VictoriaMetrics serve it at /api/v1/query_range");
            var client = new QueryRangeClientOptions { Http = http };
            if (section["max_points_per_request"] is { } points &&
                Scalars.Int(context, points, section.PathOf("max_points_per_request"), out var maxPoints))
            {
                client = client with { MaxPointsPerRequest = maxPoints };
            }

            RemoteReadBinder.ReportClientProblems(
                context, section, client.Validate(key => (section[key] as YamlScalarNode)?.Value), diagnosticsBefore);
            var at = section["name"] ?? section.Node;
            if (section["name"] is null && items.Count + remoteReads.Count > 1)
            {
                context.Error(section.Node, $"{path}: missing required key \"name\" (needed when there are several sources in remote_read and query_range)");
            }
            else if (remoteReads.Any(r => string.Equals(r.Name, name, StringComparison.Ordinal)))
            {
                context.Error(at, $"{path}.name: \"{name}\" is already a remote_read source; source names must be unique");
            }
            else if (names.TryAdd(name, at) is false)
            {
                context.Error(at, $"{path}.name: query_range \"{name}\" is defined twice");
            }

            result.Add(new QueryRangeConfig(name, client));
        }

        return result;
    }
}
