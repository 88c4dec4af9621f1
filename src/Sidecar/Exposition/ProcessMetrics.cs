using Prometheus;

namespace Sidecar.Exposition;

/// <summary>
/// The standard <c>process_*</c> and .NET runtime metrics that operators alert on, in the sidecar's own registry:
/// prometheus-net's collector (<c>process_cpu_seconds_total</c>, <c>process_start_time_seconds</c>,
/// <c>process_working_set_bytes</c>, <c>process_num_threads</c>, <c>dotnet_collection_count_total</c>,
/// <c>dotnet_total_memory_bytes</c>, …) plus the Linux names that Prometheus's own clients use,
/// <c>process_resident_memory_bytes</c>, <c>process_open_fds</c> and <c>process_max_fds</c>. Read at scrape time.
/// </summary>
public static class ProcessMetrics
{
    /// <summary>Registers the collectors in <paramref name="registry"/>; call once per registry.</summary>
    public static void Register(CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        DotNetStats.Register(registry);
        var factory = Metrics.WithCustomRegistry(registry);
        var resident = factory.CreateGauge("process_resident_memory_bytes", "Resident memory size in bytes.");
        var openFds = factory.CreateGauge("process_open_fds", "Number of open file descriptors.");
        var maxFds = factory.CreateGauge("process_max_fds", "Maximum number of open file descriptors.");
        registry.AddBeforeCollectCallback(() =>
        {
            // On Linux, WorkingSet64 is VmRSS.
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            resident.Set(process.WorkingSet64);
            if (CountOpenFds() is { } open)
            {
                openFds.Set(open);
            }

            if (MaxFds() is { } max)
            {
                maxFds.Set(max);
            }
        });
    }

    private static int? CountOpenFds()
    {
        try
        {
            return Directory.Exists("/proc/self/fd") ? Directory.GetFileSystemEntries("/proc/self/fd").Length : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The soft limit of "Max open files" in <c>/proc/self/limits</c>, or null where there is none.</summary>
    private static double? MaxFds()
    {
        try
        {
            var line = File.Exists("/proc/self/limits")
                ? File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal))
                : null;
            var fields = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields is { Length: > 0 } && double.TryParse(fields[0], System.Globalization.CultureInfo.InvariantCulture, out var max) ? max : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
