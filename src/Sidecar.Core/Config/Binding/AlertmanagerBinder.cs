using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Sidecar.Config.Binding;

/// <summary>
/// Reads and checks the <c>alertmanager:</c> section: <c>url</c> and the HTTP keys of a <c>remote_read</c> entry
/// (bound by the same code, with the same rules), less those of the remote-read protocol, plus <c>poll_interval</c>
/// and <c>ignore_labels</c>.
/// </summary>
internal static class AlertmanagerBinder
{
    internal static readonly string[] Keys =
    [
        "url", "poll_interval", "ignore_labels", "remote_timeout", "headers", "basic_auth", "authorization",
        "bearer_token_file", "tls_config", "max_retries", "min_backoff", "max_backoff", "max_response_bytes",
    ];

    public static AlertmanagerConfig? Bind(BindContext context, YamlNode node)
    {
        if (BindContext.IsNull(node) || context.Section(node, "alertmanager", Keys) is not { } section)
        {
            return null;
        }

        var diagnosticsBefore = context.Diagnostics.Count;
        var client = RemoteReadBinder.BindClient(context, section, "Alertmanager serves silences at /api/v2/silences");
        if (section["remote_timeout"] is null)
        {
            client = client with { RemoteTimeout = AlertmanagerConfig.DefaultTimeout };
        }

        if (section["max_response_bytes"] is null)
        {
            client = client with { MaxResponseBytes = AlertmanagerConfig.DefaultMaxResponseBytes };
        }

        RemoteReadBinder.ReportClientProblems(
            context, section, client.Validate(key => (section[key] as YamlScalarNode)?.Value), diagnosticsBefore);

        var interval = AlertmanagerConfig.DefaultPollInterval;
        if (section["poll_interval"] is { } pollNode && Scalars.Duration(context, pollNode, section.PathOf("poll_interval"), out var poll))
        {
            if (poll < AlertmanagerConfig.MinPollInterval || poll > AlertmanagerConfig.MaxPollInterval)
            {
                context.Error(pollNode, string.Create(
                    CultureInfo.InvariantCulture,
                    $"{section.PathOf("poll_interval")}: must be between 1s and 1h, got {(pollNode as YamlScalarNode)?.Value}"));
            }
            else
            {
                interval = poll;
            }
        }

        IReadOnlyList<string> ignore = [];
        if (section["ignore_labels"] is { } ignoreNode && Scalars.LabelNames(context, ignoreNode, section.PathOf("ignore_labels"), out var names))
        {
            ignore = names;
        }

        return new AlertmanagerConfig(client, interval, ignore);
    }
}
