using System.Buffers;

namespace Sidecar.RemoteRead.Protocol;

/// <summary>
/// Byte buffers for response bodies, decompressed blocks and frames. Up to <see cref="MaxPooledBytes"/> they come
/// from a private pool that keeps at most a few arrays of each size (a few MiB in all, so the small reads of a
/// sidecar polling every minute reuse them); anything larger is allocated at its exact size and left to the GC
/// when returned. <see cref="ArrayPool{T}.Shared"/> would keep every large array a big response ever rented, so one
/// 64 MiB body left the process at a gigabyte. Thread-safe.
/// </summary>
internal static class ResponseBuffers
{
    /// <summary>Largest array the pool holds: 1 MiB.</summary>
    public const int MaxPooledBytes = 1 << 20;

    private static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(MaxPooledBytes, maxArraysPerBucket: 4);

    /// <summary>A buffer of at least <paramref name="minimumLength"/> bytes, exactly that many when above the pooled size.</summary>
    public static byte[] Rent(int minimumLength) =>
        minimumLength <= MaxPooledBytes ? Pool.Rent(minimumLength) : GC.AllocateUninitializedArray<byte>(minimumLength);

    /// <summary>Gives back a buffer from <see cref="Rent"/>; a large one is simply dropped.</summary>
    public static void Return(byte[] buffer)
    {
        if (buffer.Length <= MaxPooledBytes && buffer.Length > 0)
        {
            Pool.Return(buffer);
        }
    }
}
