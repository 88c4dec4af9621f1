using BenchmarkDotNet.Running;
using Sidecar.Benchmarks.Service;
using Sidecar.Cli;
using Sidecar.Tools;

namespace Sidecar.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project tests/Sidecar.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is [RemoteRead.RemoteReadCpuMeasurement.Command, ..])
        {
            return RemoteRead.RemoteReadCpuMeasurement.RunAsync(args[1..]).GetAwaiter().GetResult();
        }

        if (args is [Service.ServiceMeasurement.Command, ..])
        {
            return Service.ServiceMeasurement.RunAsync(args[1..]).GetAwaiter().GetResult();
        }

        if (args is [Service.TuningMeasurement.Command, ..])
        {
            return Service.TuningMeasurement.RunAsync(args[1..]).GetAwaiter().GetResult();
        }

        if (args is [RemoteRead.XorDecodeCpuMeasurement.Command, ..])
        {
            return RemoteRead.XorDecodeCpuMeasurement.Run(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
