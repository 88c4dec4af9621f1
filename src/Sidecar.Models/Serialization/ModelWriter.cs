using System.Buffers.Binary;
using System.Text;

namespace Sidecar.Models.Serialization;

/// <summary>Little-endian primitive writer over a growing buffer. Not thread-safe.</summary>
internal sealed class ModelWriter
{
    private byte[] _buffer = new byte[256];
    private int _length;

    public void Byte(byte value) => Reserve(1)[0] = value;

    public void Bool(bool value) => Byte(value ? (byte)1 : (byte)0);

    public void Int(int value) => BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), value);

    public void Long(long value) => BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), value);

    public void Double(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Reserve(8), value);

    public void String(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Int(bytes.Length);
        bytes.CopyTo(Reserve(bytes.Length));
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

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

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
