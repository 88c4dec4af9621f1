using System.Reflection;
using System.Text.Json;
using Sidecar.Config;
using Sidecar.Config.Binding;
using Sidecar.Models;
using Sidecar.Text;

using Sidecar.Testing;

namespace Sidecar.Core.Tests.Config;

public class ModelKeysTests
{
    /// <summary>YAML names that are not the plain snake_case of the property (see <see cref="ModelKeys"/>).</summary>
    private static readonly Dictionary<string, string> Renamed = new()
    {
        [nameof(ModelOptions.Kind)] = "type",
        [nameof(ModelOptions.HolidayCountries)] = "holiday_calendars",
    };

    [Fact]
    public void All_EveryModelOptionsProperty_HasItsKey()
    {
        var expected = typeof(ModelOptions)
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .Select(p => (Property: p.Name, Key: Renamed.GetValueOrDefault(p.Name) ?? SnakeCase.From(p.Name.EndsWith("Seconds", StringComparison.Ordinal) ? p.Name[..^7] : p.Name)))
            .OrderBy(x => x.Property, StringComparer.Ordinal)
            .ToArray();

        var actual = ModelKeys.All.Select(k => (k.Property, Key: k.Name)).OrderBy(x => x.Property, StringComparer.Ordinal).ToArray();

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void All_KeysAreUnique()
    {
        Assert.Equal(ModelKeys.Names.Count, ModelKeys.Names.Distinct().Count());
    }

    [Fact]
    public void FullExample_SetsEveryModelKey()
    {
        var text = File.ReadAllText(Path.Combine(Repo.Path("examples"), "sidecar-full.yml"));

        Assert.All(ModelKeys.Names, key => Assert.Contains($"\n    {key}: ", text, StringComparison.Ordinal));
    }

    [Fact]
    public void FullExample_ModelDefaults_EqualModelOptionsDefaults()
    {
        var config = ConfigLoader.LoadFile(Path.Combine(Repo.Path("examples"), "sidecar-full.yml")).Config!;

        // Records compare lists by reference, so compare their JSON.
        Assert.Equal(JsonSerializer.Serialize(new SelectorSettings()), JsonSerializer.Serialize(config.Defaults));
    }
}
