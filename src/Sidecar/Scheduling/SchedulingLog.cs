namespace Sidecar.Scheduling;

/// <summary>The scheduler's log events, source-generated; keys are stable (snake_case in logfmt).</summary>
internal static partial class SchedulingLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "fit of selector {Selector} done: {Modelled} series modelled, {WarmingUp} warming up, {Failed} failed, in {DurationSeconds}s ({ReadSeconds}s reading)")]
    public static partial void FitDone(ILogger logger, string selector, int modelled, int warmingUp, int failed, double durationSeconds, double readSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "selector {Selector}: its samples come every {SpacingSeconds}s on average, further apart than the {LookbackSeconds}s lookback, so steps without a sample in it get no point ({Samples} samples read gave {Series} series); scrape the series more often, or shape it with a range function over at least twice that interval (function: rate, increase or delta, with range:)")]
    public static partial void SparseSamples(ILogger logger, string selector, double spacingSeconds, double lookbackSeconds, long samples, int series);

    [LoggerMessage(Level = LogLevel.Warning, Message = "fit of selector {Selector} could not read its window; the current models stay in use and the fit is retried with backoff")]
    public static partial void FitReadFailed(ILogger logger, string selector, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} series of selector {Selector} failed to fit and keep their previous model if any; first: {Series}")]
    public static partial void FitErrors(ILogger logger, string selector, int count, string series, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} series of selector {Selector} failed to predict or score and show no new values this cycle; first: {Series}")]
    public static partial void PredictErrors(ILogger logger, string selector, int count, string series, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "inference of selector {Selector} could not read new samples; predictions stay served, scores go after {StalenessSeconds}s without data")]
    public static partial void InferenceReadFailed(ILogger logger, string selector, double stalenessSeconds, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "selector {Selector} reached max_series={MaxSeries}: {Count} new series not modelled; raise max_series or narrow the match")]
    public static partial void SeriesDropped(ILogger logger, string selector, int maxSeries, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "selector {Selector}: {Count} series unseen for series_ttl={Ttl} forgotten, their gauges removed")]
    public static partial void SeriesForgotten(ILogger logger, string selector, int count, TimeSpan ttl);

    [LoggerMessage(Level = LogLevel.Information, Message = "selector {Selector}: {Count} new series modelled as soon as they had min_history")]
    public static partial void CaughtUp(ILogger logger, string selector, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "catch-up read for a new series of selector {Selector} failed; retrying at a later cycle")]
    public static partial void CatchUpReadFailed(ILogger logger, string selector, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "selector {Selector}: restored {Count} models fitted at {FittedAt} from {Path}; serving predictions without a refit")]
    public static partial void Restored(ILogger logger, string selector, int count, DateTimeOffset fittedAt, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "selector {Selector}: saved models in {Path} not trusted: their fit time {FittedAtMs} (unix ms) lies in the future or out of range (was the clock wrong when they were written?); fitting from Prometheus, the file will be overwritten")]
    public static partial void RestoredFitUntrusted(ILogger logger, string selector, long fittedAtMs, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "selector {Selector}: no usable saved models ({Status}: {Reason}); fitting from Prometheus")]
    public static partial void NotRestored(ILogger logger, string selector, string status, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "selector {Selector}: state file {Path} ignored ({Status}: {Reason}); it will be refitted and overwritten")]
    public static partial void StateLoadFailed(ILogger logger, string selector, string path, string status, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "selector {Selector}: {Count} saved models could not be decoded and will be refitted")]
    public static partial void ModelsUndecodable(ILogger logger, string selector, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "selector {Selector}: fitted models could not be saved; they stay in memory and the next fit tries again")]
    public static partial void StateWriteFailed(ILogger logger, string selector, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "selector {Selector}: {Kind} run skipped, the previous one is still running")]
    public static partial void RunSkipped(ILogger logger, string selector, string kind);

    [LoggerMessage(Level = LogLevel.Error, Message = "selector {Selector}: {Kind} run failed unexpectedly; the schedule carries on")]
    public static partial void RunCrashed(ILogger logger, string selector, string kind, Exception exception);
}
