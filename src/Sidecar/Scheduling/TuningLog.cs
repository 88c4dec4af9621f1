namespace Sidecar.Scheduling;

/// <summary>Continuous tuning's log events, source-generated; keys are stable (snake_case in logfmt).</summary>
internal static partial class TuningLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "tuning of selector {Selector}: {Tuned} series cross-validated, {Switched} switched, {Left} left for the next cycle ({Outcome}), in {DurationSeconds}s")]
    public static partial void CycleDone(ILogger logger, string selector, int tuned, int switched, int left, string outcome, double durationSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "tuning of selector {Selector}: series {Series} switched from {From} to {To}: {Metric} {FromError} -> {ToError}")]
    public static partial void Switched(ILogger logger, string selector, string series, string from, string to, string metric, double fromError, double toError);

    [LoggerMessage(Level = LogLevel.Information, Message = "tuning of selector {Selector}: series {Series} would gain from {To} ({ToError} against {FromError}) but is in an alert episode; it keeps its parameters and is tried again next cycle")]
    public static partial void Held(ILogger logger, string selector, string series, string to, double toError, double fromError);

    [LoggerMessage(Level = LogLevel.Warning, Message = "tuning of selector {Selector}: every combination failed for series {Series} ({Error}); it keeps its parameters until the next tuning")]
    public static partial void AllFailed(ILogger logger, string selector, string series, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "tuning of selector {Selector}: refitting series {Series} with {To} failed; it keeps its model and parameters")]
    public static partial void RefitFailed(ILogger logger, string selector, string series, string to, Exception? exception);
}
