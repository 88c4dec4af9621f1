using Sidecar.Config.Binding;
using Sidecar.RemoteRead;
using Sidecar.Testing;

namespace Sidecar.Core.Tests.Config;

public class ExamplesTests
{
    public static TheoryData<string> ExampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Repo.Path("examples"), "sidecar*.yml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void LoadFile_Example_IsValidWithoutWarnings(string name)
    {
        var result = ConfigLoader.LoadFile(Path.Combine(Repo.Path("examples"), name));

        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        Assert.Empty(result.Diagnostics);
        Assert.NotEmpty(result.Config!.Selectors);
    }

    [Fact]
    public void ExampleFiles_IncludeMinimalAndFull()
    {
        var names = Directory.GetFiles(Repo.Path("examples"), "sidecar*.yml").Select(Path.GetFileName).ToArray();

        Assert.Contains("sidecar.yml", names);
        Assert.Contains("sidecar-full.yml", names);
    }

    public static TheoryData<string> DocumentedKeys()
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        keys.UnionWith(ConfigLoader.TopKeys);
        keys.UnionWith(RemoteReadBinder.Keys);
        keys.UnionWith(QueryRangeBinder.Keys);
        keys.UnionWith(RemoteWriteBinder.Keys);
        keys.UnionWith(ExpositionBinder.Keys);
        keys.UnionWith(AlertmanagerBinder.Keys);
        keys.UnionWith(HttpConfigBinder.BasicAuthKeys);
        keys.UnionWith(HttpConfigBinder.AuthorizationKeys);
        keys.UnionWith(HttpConfigBinder.TlsKeys);
        keys.UnionWith(SettingsBinder.Keys);
        keys.UnionWith(SettingsBinder.CvKeys);
        keys.UnionWith(SettingsBinder.TuningKeys);
        keys.UnionWith(ModelKeys.Names);
        keys.UnionWith(ModelListValues.SeasonalityKeys);
        keys.UnionWith(ModelListValues.HolidayKeys);
        keys.UnionWith(ModelListValues.ExcludeKeys);
        keys.UnionWith(SelectorBinder.OwnKeys);
        return new TheoryData<string>(keys);
    }

    [Theory]
    [MemberData(nameof(DocumentedKeys))]
    public void FullExample_EveryKey_IsDocumented(string key)
    {
        var text = File.ReadAllText(Path.Combine(Repo.Path("examples"), "sidecar-full.yml"));

        Assert.Matches($@"(^|[\s{{,#-])(- )?{key}:", text);
    }

    [Fact]
    public void FullExample_RemoteRead_HasTheClientDefaults()
    {
        var config = ConfigLoader.LoadFile(Path.Combine(Repo.Path("examples"), "sidecar-full.yml")).Config!;
        var remote = config.RemoteReads[0];

        Assert.Equal(new RemoteReadClientOptions { Url = remote.Client.Url }.ToString(), remote.Client.ToString());
    }
}
