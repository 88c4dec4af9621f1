namespace Sidecar.RemoteRead.Protocol;

/// <summary>Prometheus's staleness marker: a NaN with one specific bit pattern, distinct from ordinary NaNs.</summary>
internal static class StaleMarker
{
    public const ulong Bits = 0x7ff0000000000002;

    public static bool Is(double value) => BitConverter.DoubleToUInt64Bits(value) == Bits;
}
