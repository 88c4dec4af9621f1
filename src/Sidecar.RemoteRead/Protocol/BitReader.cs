using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sidecar.RemoteRead.Protocol;

/// <summary>
/// Reads a big-endian bit stream (most significant bit first), as the TSDB's bstream writes it. Bits are held in
/// a 64-bit window refilled eight bytes at a time. Reading past the end yields zero bits and sets
/// <see cref="Overran"/>, so the decoder checks truncation once per chunk instead of on every read.
/// </summary>
internal ref struct BitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private ulong _window;
    private int _bits;
    private int _next;

    public BitReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _window = 0;
        _bits = 0;
        _next = 0;
    }

    /// <summary>The unread bits, most significant first; only the top <see cref="Bits"/> are valid.</summary>
    public readonly ulong Window => _window;

    /// <summary>How many bits of <see cref="Window"/> are valid.</summary>
    public readonly int Bits => _bits;

    /// <summary>True when more bits were consumed than the data holds.</summary>
    public readonly bool Overran => ((long)_next * 8) - _bits > (long)_data.Length * 8;

    /// <summary>Loads bytes until at least 56 bits are valid.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Refill()
    {
        if (_next + 8 <= _data.Length)
        {
            var next = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref MemoryMarshal.GetReference(_data), _next));
            if (BitConverter.IsLittleEndian)
            {
                next = BinaryPrimitives.ReverseEndianness(next);
            }

            // Bits already in the window below _bits came from the same bytes, so OR-ing them again is harmless.
            _window |= next >> _bits;
            var take = (63 - _bits) >> 3;
            _next += take;
            _bits += take << 3;
        }
        else
        {
            RefillTail();
        }
    }

    /// <summary>Drops <paramref name="count"/> bits (at most <see cref="Bits"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Skip(int count)
    {
        _window <<= count;
        _bits -= count;
    }

    /// <summary>Reads 1 to 56 bits, which must already be in the window.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Take(int count)
    {
        var value = _window >> (64 - count);
        _window <<= count;
        _bits -= count;
        return value;
    }

    /// <summary>Reads 1 to 64 bits, refilling as needed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Read(int count)
    {
        if (count <= 56)
        {
            if (_bits < count)
            {
                Refill();
            }

            return Take(count);
        }

        return ReadWide(count);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ulong ReadWide(int count)
    {
        if (_bits < 32)
        {
            Refill();
        }

        var high = Take(count - 32);
        Refill();
        return (high << 32) | Take(32);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RefillTail()
    {
        while (_bits <= 56)
        {
            var b = _next < _data.Length ? (ulong)_data[_next] : 0UL;
            _window |= b << (56 - _bits);
            _next++;
            _bits += 8;
        }
    }
}
