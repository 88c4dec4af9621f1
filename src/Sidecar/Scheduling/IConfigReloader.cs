namespace Sidecar.Scheduling;

/// <summary>Reloads the configuration file (for <c>/-/reload</c> and SIGHUP). Implementations serialize reloads.</summary>
public interface IConfigReloader
{
    /// <summary>
    /// Reads the configuration again and applies it; on failure the running configuration stays. Never throws for
    /// a bad file: the result says what was wrong.
    /// </summary>
    Task<ReloadResult> ReloadAsync(CancellationToken cancellationToken);
}
