using Sidecar.RemoteRead.Protocol;
using Sidecar.RemoteRead.Tests.Fakes;

namespace Sidecar.RemoteRead.Tests.Protocol;

public sealed class XorChunkDecoderTests
{
    private const long T0 = 1_700_000_000_000;

    [Fact]
    public void Decode_RegularOneMinuteSeries_RoundTripsExactly()
    {
        var random = new Random(1);
        var timestamps = Enumerable.Range(0, 120).Select(i => T0 + (i * 60_000L)).ToArray();
        var values = timestamps.Select(_ => Math.Round(random.NextDouble() * 1000, 3)).ToArray();

        AssertRoundTrip(timestamps, values);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(8192)] // largest 14-bit bucket value (xor.go's bitRange is asymmetric)
    [InlineData(-8191)]
    [InlineData(8193)] // first 17-bit value
    [InlineData(-8192)]
    [InlineData(65536)]
    [InlineData(-65535)]
    [InlineData(65537)] // first 20-bit value
    [InlineData(-65536)]
    [InlineData(524288)]
    [InlineData(-524287)]
    [InlineData(524289)] // first 64-bit value
    [InlineData(-524288)]
    [InlineData(1_000_000_000_000)]
    [InlineData(-1_000_000_000)]
    public void Decode_DeltaOfDeltaInEveryBucket_RoundTrips(long dod)
    {
        // Deltas 2e9, 2e9+dod, 2e9: two delta-of-deltas of dod and -dod, both in the bucket under test.
        long[] timestamps = [T0, T0 + 2_000_000_000, T0 + 4_000_000_000 + dod, T0 + 6_000_000_000 + dod, T0 + 8_000_000_000 + dod];
        double[] values = [1, 2, 3, 4, 5];

        AssertRoundTrip(timestamps, values);
    }

    [Fact]
    public void Decode_SpecialValues_RoundTripBitForBit()
    {
        double[] values =
        [
            0.0, -0.0, double.NaN, BitConverter.UInt64BitsToDouble(StaleMarker.Bits), double.PositiveInfinity,
            double.NegativeInfinity, double.Epsilon, double.MaxValue, double.MinValue, 1e-300, 1.0, 1.0, 1.0,
            BitConverter.UInt64BitsToDouble(0x8000000000000001), // XOR with 1.0 spans all 64 bits: "0 means 64"
            BitConverter.UInt64BitsToDouble(0x0000000000000001), // 63 leading zeros in the XOR: clamped to 31
            42, 42.5, 43, 1e15, 1e15 + 1,
        ];
        var timestamps = values.Select((_, i) => T0 + (i * 15_000L)).ToArray();

        AssertRoundTrip(timestamps, values);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(ushort.MaxValue)]
    public void Decode_AnySampleCount_RoundTrips(int count)
    {
        var random = new Random(count);
        var timestamps = new long[count];
        var values = new double[count];
        var t = -5_000L; // negative timestamps exercise the zig-zag first varint
        for (var i = 0; i < count; i++)
        {
            t += random.Next(1, 100_000);
            timestamps[i] = t;
            values[i] = random.Next(4) == 0 ? values[Math.Max(0, i - 1)] : random.NextDouble() * 1e6;
        }

        AssertRoundTrip(timestamps, values);
    }

    [Fact]
    public void Decode_RandomSeries_RoundTrip()
    {
        var random = new Random(7);
        for (var round = 0; round < 300; round++)
        {
            var count = random.Next(1, 300);
            var timestamps = new long[count];
            var values = new double[count];
            var t = random.NextInt64(-1_000_000_000_000, 2_000_000_000_000);
            var step = random.Next(1, 120_000);
            for (var i = 0; i < count; i++)
            {
                t += random.Next(5) switch
                {
                    0 => step,
                    1 => step + random.Next(-10, 10),
                    2 => random.Next(1, 1_000_000),
                    3 => random.NextInt64(1, 1L << 40),
                    _ => step,
                };
                timestamps[i] = t;
                values[i] = random.Next(6) switch
                {
                    0 => random.NextDouble(),
                    1 => random.Next(1000),
                    2 => i > 0 ? values[i - 1] : 0,
                    3 => BitConverter.Int64BitsToDouble(random.NextInt64()),
                    4 => -random.NextDouble() * 1e300,
                    _ => Math.Round(random.NextDouble() * 100, 2),
                };
            }

            AssertRoundTrip(timestamps, values);
        }
    }

    [Fact]
    public void Decode_ChunksRecordedFromPrometheus_YieldTheBackfilledSamplesAndMatchTheTestEncoder()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Protocol", "Fixtures", "prometheus-2.42-xor-chunks.txt");
        var chunks = 0;
        byte[]? chunk = null;
        var expectedTimestamps = new List<long>();
        var expectedBits = new List<ulong>();
        foreach (var line in File.ReadLines(path).Where(l => !l.StartsWith('#')).Append("end"))
        {
            var fields = line.Split(' ');
            if (fields[0] == "sample")
            {
                expectedTimestamps.Add(long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture));
                expectedBits.Add(ulong.Parse(fields[2], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture));
                continue;
            }

            if (chunk is not null)
            {
                var ts = new long[XorChunkDecoder.ReadSampleCount(chunk)];
                var vs = new double[ts.Length];
                XorChunkDecoder.Decode(chunk, ts, vs);
                Assert.Equal(expectedTimestamps, ts);
                Assert.Equal(expectedBits, vs.Select(BitConverter.DoubleToUInt64Bits));

                // The test encoder is byte-for-byte Prometheus's: the other tests' inputs are realistic.
                Assert.Equal(chunk, XorChunkEncoder.Encode([.. expectedTimestamps], [.. expectedBits.Select(BitConverter.UInt64BitsToDouble)]));
                chunks++;
            }

            chunk = fields[0] == "chunk" ? Convert.FromHexString(fields[4]) : null;
            expectedTimestamps.Clear();
            expectedBits.Clear();
        }

        Assert.Equal(2, chunks);
    }

    [Fact]
    public void Decode_EveryTruncation_ThrowsProtocolException()
    {
        var random = new Random(3);
        var timestamps = Enumerable.Range(0, 120).Select(i => T0 + (i * 60_000L) + random.Next(-500, 500)).ToArray();
        var values = timestamps.Select(_ => random.NextDouble()).ToArray();
        var chunk = XorChunkEncoder.Encode(timestamps, values);
        var ts = new long[120];
        var vs = new double[120];

        for (var length = 0; length < chunk.Length; length++)
        {
            var prefix = chunk.AsSpan(0, length).ToArray();
            Assert.Throws<RemoteReadProtocolException>(() => XorChunkDecoder.Decode(prefix, ts, vs));
        }
    }

    [Fact]
    public void Decode_RandomGarbage_DecodesOrThrowsProtocolException()
    {
        var random = new Random(11);
        var ts = new long[ushort.MaxValue];
        var vs = new double[ushort.MaxValue];
        for (var round = 0; round < 2000; round++)
        {
            var data = new byte[random.Next(0, 200)];
            random.NextBytes(data);
            if (data.Length >= 2 && random.Next(2) == 0)
            {
                data[0] = 0; // plausible small counts reach the bit-level decoder
                data[1] = (byte)random.Next(1, 60);
            }

            try
            {
                var count = XorChunkDecoder.Decode(data, ts, vs);
                Assert.InRange(count, 0, ushort.MaxValue);
            }
            catch (RemoteReadProtocolException)
            {
            }
        }
    }

    [Fact]
    public void ReadSampleCount_CountTheBytesCannotHold_Throws()
    {
        // 65535 samples need at least ~16 KiB; 20 bytes cannot hold them, so no caller sizes buffers by it.
        var chunk = new byte[20];
        chunk[0] = 0xff;
        chunk[1] = 0xff;

        var e = Assert.Throws<RemoteReadProtocolException>(() => XorChunkDecoder.ReadSampleCount(chunk));
        Assert.Contains("65535", e.Message);
    }

    [Fact]
    public void Decode_DestinationTooShort_ThrowsArgumentException()
    {
        var chunk = XorChunkEncoder.Encode([T0, T0 + 1], [1, 2]);

        Assert.Throws<ArgumentException>(() => XorChunkDecoder.Decode(chunk, new long[1], new double[1]));
    }

    [Fact]
    public void Decode_SignificantBitsPastSixtyFour_ThrowsProtocolException()
    {
        // Hand-built: count 3, t0 varint 0, v0 = 0, delta 1, then value control '11', leading 31, significant 40:
        // 31 + 40 > 64 is impossible, which a naive decoder would turn into a negative shift.
        var bits = "11" + "11111" + "101000";
        var bytes = new List<byte> { 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
        bytes.AddRange(PackBits(bits.PadRight(64, '0')));

        Assert.Throws<RemoteReadProtocolException>(() => XorChunkDecoder.Decode(bytes.ToArray(), new long[3], new double[3]));
    }

    private static void AssertRoundTrip(long[] timestamps, double[] values)
    {
        var chunk = XorChunkEncoder.Encode(timestamps, values);
        var ts = new long[timestamps.Length];
        var vs = new double[values.Length];

        var count = XorChunkDecoder.Decode(chunk, ts, vs);

        Assert.Equal(timestamps.Length, count);
        Assert.Equal(timestamps, ts);
        Assert.Equal(values.Select(BitConverter.DoubleToUInt64Bits), vs.Select(BitConverter.DoubleToUInt64Bits));
    }

    private static IEnumerable<byte> PackBits(string bits)
    {
        for (var i = 0; i < bits.Length; i += 8)
        {
            yield return Convert.ToByte(bits.Substring(i, 8), 2);
        }
    }
}
