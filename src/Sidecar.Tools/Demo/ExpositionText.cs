using System.Text;
using Sidecar.RemoteRead;

namespace Sidecar.Tools.Demo;

/// <summary>Text pieces shared by the OpenMetrics backfill files and the live <c>/metrics</c> of the sample data.</summary>
internal static class ExpositionText
{
    /// <summary>HELP text of a sample family (named with or without <c>_total</c>).</summary>
    public static string Help(string family) => family switch
    {
        "http_requests" or SampleSeriesCatalog.RequestsMetric => "Requests served by the API, by route and status code (sample data).",
        SampleSeriesCatalog.QueueMetric => "Messages waiting in the worker's queue (sample data).",
        _ => "Sample data.",
    };

    /// <summary><c>name{a="x",b="y"} </c> with label values escaped as both text formats require.</summary>
    public static string SeriesPrefix(LabelSet labels)
    {
        var sb = new StringBuilder(labels.Name);
        var first = true;
        foreach (var label in labels)
        {
            if (label.Name == LabelSet.MetricName)
            {
                continue;
            }

            sb.Append(first ? '{' : ',').Append(label.Name).Append("=\"");
            first = false;
            foreach (var c in label.Value)
            {
                _ = c switch
                {
                    '\\' => sb.Append("\\\\"),
                    '"' => sb.Append("\\\""),
                    '\n' => sb.Append("\\n"),
                    _ => sb.Append(c),
                };
            }

            sb.Append('"');
        }

        return sb.Append(first ? " " : "} ").ToString();
    }
}
