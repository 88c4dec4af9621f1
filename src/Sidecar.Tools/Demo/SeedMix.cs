namespace Sidecar.Tools.Demo;

/// <summary>
/// Derives independent, stable seeds from a base seed and indices (<see cref="HashCode"/> is randomised per
/// process, so it cannot be used for reproducible data).
/// </summary>
internal static class SeedMix
{
    /// <summary>A 31-bit seed from a base seed, an index and a salt (splitmix64 finaliser).</summary>
    public static int Combine(int seed, int index, int salt)
    {
        unchecked
        {
            var z = ((ulong)(uint)seed << 32) ^ ((ulong)(uint)index * 0x9E3779B97F4A7C15UL) ^ (ulong)(uint)salt;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(z & 0x7FFF_FFFF);
        }
    }
}
