using Sidecar.Config.Binding;
using Sidecar.Testing;

namespace Sidecar.Core.Tests.Config;

/// <summary>Input that would exhaust the stack or memory is refused with a diagnostic before the YAML tree is built.</summary>
public class ConfigBoundsTests
{
    [Fact]
    public void Load_FlowSequenceNested50000Deep_IsOneErrorWithItsLine()
    {
        // 100 KB that overflowed the stack of every process that loaded it: check config, run and /-/reload.
        var yaml = "selectors:\n  - name: a\n    model: " + new string('[', 50_000) + new string(']', 50_000) + "\n";

        var result = ConfigText.Load(yaml);

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(3, error.Line);
        Assert.Contains($"nesting deeper than {ConfigLoader.MaxDepth} levels", error.Message);
    }

    [Theory]
    [InlineData("crash-1.yml")] // YamlDotNet: "the current event is of an unsupported type" (ArgumentException)
    [InlineData("crash-2.yml")] // the tag !!w+- : "global tags must be valid URIs" (ArgumentException), met first by the depth pre-scan
    [InlineData("crash-3.yml")] // EndOfStreamException from the parser
    public void Load_InputsTheFuzzerFoundThrowing_IsAnInvalidYamlError(string file)
    {
        // Found by the config fuzz target (scripts/fuzz.sh config): each escaped Load as an exception.
        var yaml = File.ReadAllText(Repo.Path("tests/Sidecar.Fuzz/corpus/config/" + file));

        var result = ConfigText.Load(yaml);

        Assert.False(result.IsValid);
        Assert.Contains(result.Diagnostics, d => d.Message.StartsWith("invalid YAML", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_BlockMappingsNestedPastTheBound_IsAnError()
    {
        var yaml = string.Concat(Enumerable.Range(0, ConfigLoader.MaxDepth + 1).Select(i => new string(' ', 2 * i) + "k:\n"));

        var result = ConfigText.Load(yaml);

        Assert.Contains(result.Diagnostics, d => d.Message.Contains("nesting deeper than", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_TextLargerThanTheBound_IsAnErrorWithoutParsing()
    {
        var yaml = "# " + new string('x', ConfigLoader.MaxBytes) + "\n";

        var result = ConfigText.Load(yaml);

        var error = Assert.Single(result.Diagnostics);
        Assert.Contains("more than the 4 MiB a config may be", error.Message);
    }

    [Fact]
    public void LoadFile_DeviceOfEndlessZeros_IsRefusedAfterTheBound()
    {
        // /dev/zero reports length 0 and never ends; the read stops one byte past the bound.
        var result = ConfigLoader.LoadFile("/dev/zero");

        var error = Assert.Single(result.Diagnostics);
        Assert.Contains("cannot read file: the file is larger than 4 MiB", error.Message);
    }

    [Fact]
    public void LoadFile_FileWithByteOrderMark_LoadsAsBefore()
    {
        using var temp = new TempDirectory("sidecar-config-");
        var path = temp.File("sidecar.yml");
        File.WriteAllText(path, "output_naming: default\n", new System.Text.UTF8Encoding(true));

        var result = ConfigLoader.LoadFile(path);

        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
    }

    [Fact]
    public void Load_MoreSelectorsThanTheBound_IsOneErrorAtTheList()
    {
        var yaml = ConfigText.RemoteRead + "selectors:\n" +
            string.Concat(Enumerable.Range(0, SelectorBinder.MaxSelectors + 1).Select(i => $"  - {{name: s{i}, query: up}}\n"));

        var result = ConfigText.Load(yaml);

        var error = Assert.Single(result.Diagnostics);
        Assert.Contains("10001 selectors, more than the 10000 one sidecar runs", error.Message, StringComparison.Ordinal);
    }
}
