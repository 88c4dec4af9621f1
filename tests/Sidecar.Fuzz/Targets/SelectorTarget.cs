using System.Text;
using Sidecar.Syntax;

namespace Sidecar.Fuzz.Targets;

/// <summary>A series selector through <see cref="SeriesSelectorParser.TryParse"/>, which reports an invalid one as its error result.</summary>
internal static class SelectorTarget
{
    public static void Run(byte[] data)
    {
        var text = Encoding.UTF8.GetString(data);
        if (SeriesSelectorParser.TryParse(text, out var matchers, out _) && matchers.Count == 0)
        {
            throw new InvalidOperationException("a selector parsed to no matchers");
        }
    }
}
