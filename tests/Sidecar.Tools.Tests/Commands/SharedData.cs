namespace Sidecar.Tools.Tests.Commands;

/// <summary>Reference data bundled with the tests (a fresh clone in CI has no <c>../shared</c>).</summary>
internal static class SharedData
{
    /// <summary>A small NAB file (realTraffic/speed_7578.csv, MIT), copied to the test output directory.</summary>
    public static string NabSpeed7578 => Path.Combine(AppContext.BaseDirectory, "Fixtures", "nab", "speed_7578.csv");
}
