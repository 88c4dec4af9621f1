namespace Sidecar.Exposition;

/// <summary>The remote-write output's log events, source-generated; keys are stable (snake_case in logfmt).</summary>
internal static partial class RemoteWriteLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "remote_write {RemoteWrite}: queue at queue_capacity={Capacity}; {Count} oldest samples dropped unsent (sidecar_remote_write_samples_dropped_total); the receiver is down or slower than the outputs come")]
    public static partial void Dropped(ILogger logger, string remoteWrite, int capacity, long count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "remote_write {RemoteWrite}: {Count} samples refused and not retried (sidecar_remote_write_samples_failed_total); a 4xx will not change on retry")]
    public static partial void Refused(ILogger logger, string remoteWrite, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "remote_write {RemoteWrite}: sending {Count} samples failed after max_retries; they stay queued and are tried again in {BackoffSeconds}s")]
    public static partial void StillFailing(ILogger logger, string remoteWrite, int count, double backoffSeconds, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "remote_write {RemoteWrite}: {Count} samples still queued were dropped unsent as the entry stopped (removed from the configuration, or shutdown)")]
    public static partial void DroppedAtStop(ILogger logger, string remoteWrite, int count);
}
