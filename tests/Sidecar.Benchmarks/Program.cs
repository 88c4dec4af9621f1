using BenchmarkDotNet.Running;

namespace Sidecar.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project tests/Sidecar.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
