using System.Buffers.Binary;
using System.Text;

namespace Sidecar.Models.Serialization;

/// <summary>
/// Bounds-checked little-endian reader of what <see cref="FieldWriter"/> writes: every read and every declared
/// length is checked against the bytes left, so corrupt input raises <see cref="ModelFormatException"/> instead of
/// a huge allocation or another exception.
/// </summary>
public ref struct FieldReader
{
    private static readonly UTF8Encoding Strict = new(false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public FieldReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly int Remaining => _data.Length - _position;

    /// <summary>Bytes read so far.</summary>
    public readonly int Position => _position;

    public byte Byte() => Take(1)[0];

    public bool Bool() => Byte() switch
    {
        0 => false,
        1 => true,
        var b => throw new ModelFormatException($"invalid boolean byte {b} at offset {_position - 1}"),
    };

    public int Int() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long Long() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public double Double() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public string String()
    {
        var bytes = Take(Count(1));
        try
        {
            return Strict.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new ModelFormatException($"invalid UTF-8 before offset {_position}", e);
        }
    }

    /// <summary>Reads <paramref name="count"/> raw bytes.</summary>
    public ReadOnlySpan<byte> Raw(int count) => Take(count);

    /// <summary>Reads a record written by <see cref="FieldWriter.Record"/>: a 32-bit length, then named fields.</summary>
    public FieldSet Record() => FieldSet.Parse(Take(Count(1)).ToArray());

    public double[] Doubles()
    {
        var n = Count(8);
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = Double();
        }

        return values;
    }

    public long[] Longs()
    {
        var n = Count(8);
        var values = new long[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = Long();
        }

        return values;
    }

    /// <summary>Reads an element count and checks that many elements of <paramref name="minBytes"/> each can follow.</summary>
    public int Count(int minBytes)
    {
        var n = Int();
        if (n < 0 || (long)n * minBytes > Remaining)
        {
            throw new ModelFormatException($"declared length {n} at offset {_position - 4} exceeds the {Remaining} bytes left");
        }

        return n;
    }

    /// <summary>Reads an enum stored as a byte, checking it is defined.</summary>
    public T Enum<T>()
        where T : struct, Enum
    {
        var b = Byte();
        var value = (T)System.Enum.ToObject(typeof(T), b);
        return System.Enum.IsDefined(value) ? value : throw new ModelFormatException($"invalid {typeof(T).Name} value {b} at offset {_position - 1}");
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining)
        {
            throw new ModelFormatException($"truncated: needed {count} bytes at offset {_position}, {Remaining} left");
        }

        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }
}
