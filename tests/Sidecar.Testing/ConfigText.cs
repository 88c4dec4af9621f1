using Sidecar.Config;
using Sidecar.Config.Binding;
using Xunit;

namespace Sidecar.Testing;

/// <summary>Loads YAML written in a test as the file <c>test.yml</c>.</summary>
public static class ConfigText
{
    public const string File = "test.yml";

    public const string RemoteRead = "remote_read:\n  - url: http://127.0.0.1:9090/api/v1/read\n";

    public static ConfigLoadResult Load(string yaml, string? baseDirectory = null) =>
        ConfigLoader.Load(yaml, File, baseDirectory ?? Path.GetTempPath());

    /// <summary>Loads <paramref name="yaml"/> and asserts it is valid without warnings.</summary>
    public static SidecarConfig Valid(string yaml)
    {
        var result = Load(yaml);
        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        Assert.Empty(result.Diagnostics);
        return result.Config!;
    }

    public static IReadOnlyList<string> Lines(ConfigLoadResult result) => result.Diagnostics.Select(d => d.ToString()).ToArray();
}
