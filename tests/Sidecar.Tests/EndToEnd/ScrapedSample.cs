using System.Globalization;

namespace Sidecar.Tests.EndToEnd;

/// <summary>One sample of a text exposition: name, labels and value.</summary>
public sealed record ScrapedSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>Parses the sample lines of a Prometheus text exposition (comments skipped).</summary>
    public static List<ScrapedSample> Parse(string text)
    {
        var samples = new List<ScrapedSample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var brace = line.IndexOf('{');
            var space = line.LastIndexOf(' ');
            var name = brace >= 0 ? line[..brace] : line[..space];
            var labels = new Dictionary<string, string>();
            if (brace >= 0)
            {
                var i = brace + 1;
                while (line[i] != '}')
                {
                    var eq = line.IndexOf('=', i);
                    var key = line[i..eq];
                    var value = new System.Text.StringBuilder();
                    var j = eq + 2;
                    for (; line[j] != '"'; j++)
                    {
                        value.Append(line[j] == '\\' ? line[++j] switch { 'n' => '\n', var c => c } : line[j]);
                    }

                    labels[key] = value.ToString();
                    i = line[j + 1] == ',' ? j + 2 : j + 1;
                }
            }

            var number = line[(space + 1)..];
            samples.Add(new ScrapedSample(name, labels, number switch
            {
                "NaN" => double.NaN,
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                _ => double.Parse(number, CultureInfo.InvariantCulture),
            }));
        }

        return samples;
    }
}
