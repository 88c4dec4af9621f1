using Sidecar.RemoteRead;
using YamlDotNet.RepresentationModel;

namespace Sidecar.Config.Binding;

/// <summary>
/// Reads and checks the <c>remote_write:</c> list: the HTTP keys of a <c>remote_read</c> entry (bound by the same
/// code, with the same rules) that a sender uses, plus the families sent and the queue bounds.
/// </summary>
internal static class RemoteWriteBinder
{
    /// <summary>Most <c>queue_capacity</c>: ten million samples, about 1.5 GB queued.</summary>
    internal const int MaxQueueCapacity = 10_000_000;

    internal static readonly string[] Keys =
    [
        "name", "url", "remote_timeout", "headers", "basic_auth", "authorization", "bearer_token_file", "tls_config",
        "max_retries", "min_backoff", "max_backoff", "families", "queue_capacity", "max_samples_per_send",
    ];

    public static IReadOnlyList<RemoteWriteConfig> Bind(BindContext context, YamlNode node)
    {
        var result = new List<RemoteWriteConfig>();
        if (context.Sequence(node, "remote_write") is not { } items)
        {
            return result;
        }

        var names = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"remote_write[{i}]";
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

            var client = new RemoteWriteClientOptions
            {
                Http = RemoteReadBinder.BindClient(context, section, "Prometheus receives remote write at /api/v1/write"),
            };
            RemoteReadBinder.ReportClientProblems(
                context, section, client.Validate(key => (section[key] as YamlScalarNode)?.Value), diagnosticsBefore);

            var families = section["families"] is { } f ? OutputFamilyBinder.Bind(context, f, section.PathOf("families")) : null;
            var capacity = Bounded(context, section, "queue_capacity", RemoteWriteConfig.DefaultQueueCapacity, MaxQueueCapacity);
            var perSend = Bounded(context, section, "max_samples_per_send", RemoteWriteConfig.DefaultMaxSamplesPerSend, capacity);

            if (section["name"] is null && items.Count > 1)
            {
                context.Error(section.Node, $"{path}: missing required key \"name\" (needed when there are several remote_write entries)");
            }
            else if (names.TryAdd(name, section["name"] ?? section.Node) is false)
            {
                context.Error(section["name"] ?? section.Node, $"{path}.name: remote_write \"{name}\" is defined twice");
            }

            result.Add(new RemoteWriteConfig(name, client, families ?? RemoteWriteConfig.DefaultFamilies, capacity, perSend));
        }

        return result;
    }

    private static int Bounded(BindContext context, YamlSection s, string key, int fallback, int max)
    {
        if (s[key] is not { } node || !Scalars.Int(context, node, s.PathOf(key), out var value))
        {
            return Math.Min(fallback, max);
        }

        if (value < 1 || value > max)
        {
            context.Error(node, $"{s.PathOf(key)}: must be between 1 and {max}, got {value}");
            return Math.Min(fallback, max);
        }

        return value;
    }
}
