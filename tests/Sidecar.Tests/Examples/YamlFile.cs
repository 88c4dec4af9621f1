using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Sidecar.Tests.Examples;

/// <summary>
/// Loads YAML documents as plain JSON trees (mappings → objects, sequences → arrays, scalars → strings; anchors
/// and aliases resolved), so tests can navigate them and compare them structurally.
/// </summary>
internal static class YamlFile
{
    /// <summary>Every document of the file at <paramref name="path"/>.</summary>
    public static IReadOnlyList<JsonNode?> LoadAll(string path) => LoadAllText(File.ReadAllText(path));

    /// <summary>The single document of the file at <paramref name="path"/>.</summary>
    public static JsonNode Load(string path) => Assert.Single(LoadAll(path)) ?? throw new InvalidDataException($"{path} is empty");

    /// <summary>Every document of <paramref name="text"/>.</summary>
    public static IReadOnlyList<JsonNode?> LoadAllText(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Select(d => ToJson(d.RootNode)).ToList();
    }

    /// <summary>A canonical text of <paramref name="node"/> (object keys sorted), for structural equality.</summary>
    public static string Canonical(JsonNode? node) => JsonSerializer.Serialize(Sort(node));

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv =>
            KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", ToJson(kv.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => scalar.Value is null or "~" || (scalar.Value == "null" && scalar.Style == YamlDotNet.Core.ScalarStyle.Plain)
            ? null
            : JsonValue.Create(scalar.Value),
        _ => throw new InvalidDataException($"unexpected YAML node {node.NodeType}"),
    };

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, Sort(kv.Value)))),
        JsonArray arr => new JsonArray(arr.Select(Sort).ToArray()),
        null => null,
        _ => JsonValue.Create(node.GetValue<string>()),
    };
}
