using System.Buffers.Binary;
using System.Text;

namespace Sidecar.Models.Serialization;

/// <summary>
/// Little-endian writer over a growing buffer, shared by every persisted format (fitted models, state files). Two
/// layers: untagged primitives (<see cref="Double(double)"/>, <see cref="Doubles"/>…) for fixed binary layouts such
/// as fitted parameters, and named fields (<c>…Field</c> methods) for anything that evolves. A field is its name,
/// a <see cref="FieldType"/> tag and a length-prefixed payload, so a reader finds fields by name, skips the names it
/// does not know and defaults the ones that are missing (see <see cref="FieldSet"/>). Not thread-safe.
/// </summary>
public sealed class FieldWriter
{
    private byte[] _buffer = new byte[256];
    private int _length;

    /// <summary>Bytes written so far.</summary>
    public int Length => _length;

    public void Byte(byte value) => Reserve(1)[0] = value;

    public void Bool(bool value) => Byte(value ? (byte)1 : (byte)0);

    public void Int(int value) => BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), value);

    public void Long(long value) => BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), value);

    public void Double(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Reserve(8), value);

    /// <summary>Writes raw bytes, without a length.</summary>
    public void Raw(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    /// <summary>Writes a 32-bit byte count, then UTF-8.</summary>
    public void String(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Int(bytes.Length);
        Raw(bytes);
    }

    public void Doubles(ReadOnlySpan<double> values)
    {
        Int(values.Length);
        foreach (var v in values)
        {
            Double(v);
        }
    }

    public void Longs(ReadOnlySpan<long> values)
    {
        Int(values.Length);
        foreach (var v in values)
        {
            Long(v);
        }
    }

    /// <summary>Writes a 32-bit length, then the named fields that <paramref name="fields"/> writes (read back with <see cref="FieldReader.Record"/>).</summary>
    public void Record(Action<FieldWriter> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var mark = BeginLength();
        fields(this);
        EndLength(mark);
    }

    public void BoolField(string name, bool value)
    {
        var mark = Begin(name, FieldType.Bool);
        Bool(value);
        EndLength(mark);
    }

    public void IntField(string name, int value)
    {
        var mark = Begin(name, FieldType.Int32);
        Int(value);
        EndLength(mark);
    }

    /// <summary>Writes an <see cref="FieldType.Int32"/> field, or a <see cref="FieldType.Null"/> one for null.</summary>
    public void NullableIntField(string name, int? value)
    {
        var mark = Begin(name, value.HasValue ? FieldType.Int32 : FieldType.Null);
        if (value is { } v)
        {
            Int(v);
        }

        EndLength(mark);
    }

    public void LongField(string name, long value)
    {
        var mark = Begin(name, FieldType.Int64);
        Long(value);
        EndLength(mark);
    }

    public void DoubleField(string name, double value)
    {
        var mark = Begin(name, FieldType.Float64);
        Double(value);
        EndLength(mark);
    }

    public void StringField(string name, string value)
    {
        var mark = Begin(name, FieldType.String);
        String(value);
        EndLength(mark);
    }

    /// <summary>Writes an enum by its member name, so renumbering a member never changes what a file means.</summary>
    public void EnumField<T>(string name, T value)
        where T : struct, Enum
    {
        if (!System.Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"not a defined {typeof(T).Name}");
        }

        StringField(name, value.ToString());
    }

    public void DoublesField(string name, ReadOnlySpan<double> values)
    {
        var mark = Begin(name, FieldType.Float64Array);
        Doubles(values);
        EndLength(mark);
    }

    public void LongsField(string name, ReadOnlySpan<long> values)
    {
        var mark = Begin(name, FieldType.Int64Array);
        Longs(values);
        EndLength(mark);
    }

    public void BytesField(string name, ReadOnlySpan<byte> value)
    {
        var mark = Begin(name, FieldType.Bytes);
        Raw(value);
        EndLength(mark);
    }

    public void StringsField(string name, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var mark = Begin(name, FieldType.StringList);
        var count = BeginCount();
        var n = 0;
        foreach (var v in values)
        {
            String(v);
            n++;
        }

        EndCount(count, n);
        EndLength(mark);
    }

    /// <summary>Writes a nested record: the named fields that <paramref name="fields"/> writes.</summary>
    public void RecordField(string name, Action<FieldWriter> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var mark = Begin(name, FieldType.Record);
        fields(this);
        EndLength(mark);
    }

    /// <summary>Writes a list of nested records, one per item, each holding the fields <paramref name="fields"/> writes for it.</summary>
    public void RecordsField<T>(string name, IEnumerable<T> items, Action<FieldWriter, T> fields)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(fields);
        var mark = Begin(name, FieldType.RecordList);
        var count = BeginCount();
        var n = 0;
        foreach (var item in items)
        {
            var record = BeginLength();
            fields(this, item);
            EndLength(record);
            n++;
        }

        EndCount(count, n);
        EndLength(mark);
    }

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    /// <summary>The bytes written so far; valid until the next write.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    private int Begin(string name, FieldType type)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        String(name);
        Byte((byte)type);
        return BeginLength();
    }

    private int BeginLength()
    {
        var mark = _length;
        Int(0);
        return mark;
    }

    private void EndLength(int mark) => BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(mark), _length - mark - 4);

    private int BeginCount() => BeginLength();

    private void EndCount(int mark, int count) => BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(mark), count);

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }

        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
