using System.Globalization;
using Sidecar.RemoteRead.Protocol;
using Sidecar.RemoteRead.Tests.Fakes;

namespace Sidecar.Benchmarks.RemoteRead;

/// <summary>
/// XOR chunk decoding throughput per CPU-second of the decoding thread (utime + stime from
/// /proc/thread-self/stat), which, unlike BenchmarkDotNet's wall clock, is not inflated when other processes
/// share the cores. Same chunks as <see cref="XorChunkDecoderBenchmarks"/>; prints the median of several rounds.
/// <code>dotnet run -c Release --project tests/Sidecar.Benchmarks -- remote-read-xor [rounds=7]</code>
/// </summary>
public static class XorDecodeCpuMeasurement
{
    public const string Command = "remote-read-xor";

    public static int Run(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
        var ticksPerSecond = double.Parse(
            Sidecar.Testing.ExternalProcess.RunAsync("getconf", ["CLK_TCK"]).GetAwaiter().GetResult().Trim(), CultureInfo.InvariantCulture);
        var timestamps = new long[120];
        var values = new double[120];
        for (var kind = 0; kind < 3; kind++)
        {
            var chunks = new byte[1000][];
            for (var c = 0; c < chunks.Length; c++)
            {
                var (t, v) = BenchmarkDataset.Samples((c * 3) + kind, 1_700_000_000_000, 120);
                chunks[c] = XorChunkEncoder.Encode(t, v);
            }

            // Warm up past tiered compilation.
            for (var i = 0; i < 300; i++)
            {
                foreach (var chunk in chunks)
                {
                    XorChunkDecoder.Decode(chunk, timestamps, values);
                }
            }

            var rates = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                const int repetitions = 2000; // 240 M samples, a few CPU-seconds
                var before = ThreadCpuSeconds(ticksPerSecond);
                for (var r = 0; r < repetitions; r++)
                {
                    foreach (var chunk in chunks)
                    {
                        XorChunkDecoder.Decode(chunk, timestamps, values);
                    }
                }

                var cpu = ThreadCpuSeconds(ticksPerSecond) - before;
                rates.Add(repetitions * 120_000.0 / cpu);
            }

            rates.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"kind {kind}: {chunks.Average(c => c.Length):F0} bytes/chunk, median {rates[rates.Count / 2] / 1e6:F0} M samples per CPU-second " +
                $"(min {rates[0] / 1e6:F0}, max {rates[^1] / 1e6:F0}) over {rounds} rounds"));
        }

        return 0;
    }

    private static double ThreadCpuSeconds(double ticksPerSecond)
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ticksPerSecond;
    }
}
