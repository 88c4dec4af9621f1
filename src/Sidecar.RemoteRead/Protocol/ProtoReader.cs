using System.Buffers.Binary;
using System.Text;

namespace Sidecar.RemoteRead.Protocol;

/// <summary>
/// A minimal protobuf wire-format reader over a span, for the two response messages on the hot path. It reads
/// fields in place (chunk bytes and samples are never copied into message objects); every length is checked
/// against the remaining input. Malformed input raises <see cref="RemoteReadProtocolException"/>.
/// </summary>
internal ref struct ProtoReader
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public ProtoReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly bool End => _position >= _data.Length;

    /// <summary>Reads the next tag; returns the field number and sets <paramref name="wireType"/>.</summary>
    public int ReadTag(out int wireType)
    {
        var tag = ReadVarint();
        wireType = (int)(tag & 7);
        var field = tag >> 3;
        if (field == 0 || field > int.MaxValue)
        {
            throw Malformed($"invalid field number {field}");
        }

        return (int)field;
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw Malformed("truncated varint");
            }

            var b = _data[_position++];
            if (shift == 63 && b > 1)
            {
                throw Malformed("varint overflows 64 bits");
            }

            result |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw Malformed("varint longer than 10 bytes");
    }

    public ulong ReadFixed64()
    {
        if (_data.Length - _position < 8)
        {
            throw Malformed("truncated fixed64");
        }

        var value = BinaryPrimitives.ReadUInt64LittleEndian(_data[_position..]);
        _position += 8;
        return value;
    }

    public double ReadDouble() => BitConverter.UInt64BitsToDouble(ReadFixed64());

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - _position))
        {
            throw Malformed($"length {length} runs past the end of the message");
        }

        var bytes = _data.Slice(_position, (int)length);
        _position += (int)length;
        return bytes;
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadBytes());

    /// <summary>Reads a field's value and discards it (unknown fields are allowed, as protobuf requires).</summary>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case Varint:
                ReadVarint();
                break;
            case Fixed64:
                ReadFixed64();
                break;
            case LengthDelimited:
                ReadBytes();
                break;
            case Fixed32:
                if (_data.Length - _position < 4)
                {
                    throw Malformed("truncated fixed32");
                }

                _position += 4;
                break;
            default:
                throw Malformed($"unsupported wire type {wireType}");
        }
    }

    /// <summary>Throws unless a field of number <paramref name="field"/> has the expected wire type.</summary>
    public static void Expect(int field, int wireType, int expected)
    {
        if (wireType != expected)
        {
            throw Malformed($"field {field} has wire type {wireType}, expected {expected}");
        }
    }

    private static RemoteReadProtocolException Malformed(string what) => new($"malformed protobuf: {what}");
}
