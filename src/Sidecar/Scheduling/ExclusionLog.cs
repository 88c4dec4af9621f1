namespace Sidecar.Scheduling;

/// <summary>The exclusion API's log events, source-generated; keys are stable (snake_case in logfmt).</summary>
internal static partial class ExclusionLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "exclusion {Id} added by {User}: {Matcher} in selector {Selector} from {Start} to {End} ({Comment}); applied at the next fit of each matching series")]
    public static partial void Added(ILogger logger, string id, string user, string matcher, string selector, DateTimeOffset start, DateTimeOffset end, string comment);

    [LoggerMessage(Level = LogLevel.Information, Message = "exclusion {Id} deleted by {User}: {Matcher} in selector {Selector} from {Start} to {End}; the next fit of each matching series uses the window again")]
    public static partial void Deleted(ILogger logger, string id, string user, string matcher, string selector, DateTimeOffset start, DateTimeOffset end);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} exclusions restored from {Path}")]
    public static partial void Restored(ILogger logger, int count, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "exclusions file {Path} is bad ({Reason}); moved to {MovedTo}, starting without exclusions")]
    public static partial void Corrupt(ILogger logger, string path, string reason, string movedTo);

    [LoggerMessage(Level = LogLevel.Error, Message = "exclusions file {Path} could not be read ({Reason}); starting without exclusions; changes are refused until it is readable and the service restarted")]
    public static partial void Unreadable(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "exclusion {Id} in {Path} has a matcher that no longer parses ({Reason}); it is listed but matches no series")]
    public static partial void BadMatcher(ILogger logger, string id, string path, string reason);
}
