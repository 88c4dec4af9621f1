using System.Reflection;
using Sidecar.Config;
using Sidecar.Models;

namespace Sidecar.Tests.Config;

public class ModelKeysTests
{
    [Fact]
    public void All_EveryModelOptionsProperty_HasSnakeCaseKey()
    {
        var expected = typeof(ModelOptions)
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .Select(p => p.Name == nameof(ModelOptions.Kind) ? "type" : SnakeCase.From(p.Name))
            .Order(StringComparer.Ordinal)
            .ToArray();

        var optionKeys = ModelKeys.All.Where(k => k.IsOption).Select(k => k.Name).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(expected, optionKeys);
    }

    [Fact]
    public void All_KeysAreUnique()
    {
        Assert.Equal(ModelKeys.Names.Count, ModelKeys.Names.Distinct().Count());
    }

    [Theory]
    [InlineData("IntervalWidth", "interval_width")]
    [InlineData("NChangepoints", "n_changepoints")]
    [InlineData("SeasonalBaseline", "seasonal_baseline")]
    [InlineData("Ewma", "ewma")]
    public void SnakeCase_PascalName_Converts(string pascal, string snake)
    {
        Assert.Equal(snake, SnakeCase.From(pascal));
    }
}
