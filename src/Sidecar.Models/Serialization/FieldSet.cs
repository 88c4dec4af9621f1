namespace Sidecar.Models.Serialization;

/// <summary>
/// The named fields of one record written by <see cref="FieldWriter"/>, looked up by name: a name this build does
/// not ask for is skipped, a name it asks for that is missing yields the caller's default, and a known name with
/// another type or a malformed value raises <see cref="ModelFormatException"/>. Immutable; thread-safe.
/// </summary>
public sealed class FieldSet
{
    private readonly Dictionary<string, (byte Type, ReadOnlyMemory<byte> Payload)> _fields;

    private FieldSet(Dictionary<string, (byte, ReadOnlyMemory<byte>)> fields)
    {
        _fields = fields;
    }

    private delegate T ReadValue<out T>(ref FieldReader reader);

    /// <summary>The names present, in no particular order.</summary>
    public IEnumerable<string> Names => _fields.Keys;

    /// <summary>Parses <paramref name="data"/>: named fields up to its end.</summary>
    /// <exception cref="ModelFormatException">Truncated, a repeated name, or a length beyond the data.</exception>
    public static FieldSet Parse(ReadOnlyMemory<byte> data)
    {
        var fields = new Dictionary<string, (byte, ReadOnlyMemory<byte>)>(StringComparer.Ordinal);
        var r = new FieldReader(data.Span);
        while (r.Remaining > 0)
        {
            var name = r.String();
            var type = r.Byte();
            var length = r.Count(1);
            var payload = data.Slice(r.Position, length);
            _ = r.Raw(length);
            if (!fields.TryAdd(name, (type, payload)))
            {
                throw new ModelFormatException($"field \"{name}\" appears twice");
            }
        }

        return new FieldSet(fields);
    }

    public bool Contains(string name) => _fields.ContainsKey(name);

    public bool Bool(string name, bool fallback) => Get(name, FieldType.Bool, fallback, static (ref FieldReader r) => r.Bool());

    public int Int(string name, int fallback) => Get(name, FieldType.Int32, fallback, static (ref FieldReader r) => r.Int());

    /// <summary>An <see cref="FieldType.Int32"/> field, or null for a <see cref="FieldType.Null"/> one.</summary>
    public int? NullableInt(string name, int? fallback)
    {
        if (_fields.TryGetValue(name, out var field) && field.Type == (byte)FieldType.Null)
        {
            return field.Payload.Length == 0 ? null : throw new ModelFormatException($"null field \"{name}\" has a payload");
        }

        return Get<int?>(name, FieldType.Int32, fallback, static (ref FieldReader r) => r.Int());
    }

    public int Int(string name) => Required(name, FieldType.Int32, static (ref FieldReader r) => r.Int());

    public long Long(string name, long fallback) => Get(name, FieldType.Int64, fallback, static (ref FieldReader r) => r.Long());

    public long Long(string name) => Required(name, FieldType.Int64, static (ref FieldReader r) => r.Long());

    public double Double(string name, double fallback) => Get(name, FieldType.Float64, fallback, static (ref FieldReader r) => r.Double());

    public double Double(string name) => Required(name, FieldType.Float64, static (ref FieldReader r) => r.Double());

    public string String(string name, string fallback) => Get(name, FieldType.String, fallback, static (ref FieldReader r) => r.String());

    public string String(string name) => Required(name, FieldType.String, static (ref FieldReader r) => r.String());

    /// <summary>An enum stored by <see cref="FieldWriter.EnumField{T}"/>; a member name this build does not define is corrupt input.</summary>
    public T Enum<T>(string name, T fallback)
        where T : struct, Enum
    {
        if (!_fields.ContainsKey(name))
        {
            return fallback;
        }

        var text = String(name);
        return System.Enum.GetNames<T>().Contains(text, StringComparer.Ordinal)
            ? System.Enum.Parse<T>(text)
            : throw new ModelFormatException($"field \"{name}\": \"{text}\" is not a {typeof(T).Name}");
    }

    public double[] Doubles(string name, double[] fallback) => Get(name, FieldType.Float64Array, fallback, static (ref FieldReader r) => r.Doubles());

    public long[] Longs(string name, long[] fallback) => Get(name, FieldType.Int64Array, fallback, static (ref FieldReader r) => r.Longs());

    public byte[] Bytes(string name)
    {
        var (_, payload) = Field(name, FieldType.Bytes) ?? throw new ModelFormatException($"required field \"{name}\" is missing");
        return payload.ToArray();
    }

    public string[] Strings(string name, string[] fallback) => Get(name, FieldType.StringList, fallback, static (ref FieldReader r) =>
    {
        var values = new string[r.Count(4)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = r.String();
        }

        return values;
    });

    /// <summary>A nested record, or null when missing.</summary>
    public FieldSet? Record(string name) => Field(name, FieldType.Record) is { } field ? Parse(field.Payload) : null;

    /// <summary>A list of nested records; empty when missing.</summary>
    public IReadOnlyList<FieldSet> Records(string name)
    {
        if (Field(name, FieldType.RecordList) is not { } field)
        {
            return [];
        }

        var r = new FieldReader(field.Payload.Span);
        var records = new FieldSet[r.Count(4)];
        for (var i = 0; i < records.Length; i++)
        {
            var length = r.Count(1);
            records[i] = Parse(field.Payload.Slice(r.Position, length));
            _ = r.Raw(length);
        }

        return r.Remaining == 0 ? records : throw new ModelFormatException($"field \"{name}\": {r.Remaining} trailing bytes");
    }

    private (byte Type, ReadOnlyMemory<byte> Payload)? Field(string name, FieldType expected)
    {
        if (!_fields.TryGetValue(name, out var field))
        {
            return null;
        }

        return field.Type == (byte)expected
            ? field
            : throw new ModelFormatException($"field \"{name}\" is of type {TypeName(field.Type)}, expected {expected}");
    }

    private T Get<T>(string name, FieldType type, T fallback, ReadValue<T> read)
    {
        if (Field(name, type) is not { } field)
        {
            return fallback;
        }

        var r = new FieldReader(field.Payload.Span);
        var value = read(ref r);
        return r.Remaining == 0 ? value : throw new ModelFormatException($"field \"{name}\": {r.Remaining} trailing bytes");
    }

    private T Required<T>(string name, FieldType type, ReadValue<T> read) =>
        Contains(name) ? Get(name, type, default(T)!, read) : throw new ModelFormatException($"required field \"{name}\" is missing");

    private static string TypeName(byte type) =>
        System.Enum.IsDefined((FieldType)type) ? ((FieldType)type).ToString() : $"#{type}";
}
