namespace Sidecar.Scheduling;

/// <summary>The outcome of a configuration reload: success, or the error text (every problem found).</summary>
public sealed record ReloadResult(bool Success, string? Error)
{
    /// <summary>A successful reload.</summary>
    public static ReloadResult Ok { get; } = new(true, null);

    /// <summary>A failed reload with its reason.</summary>
    public static ReloadResult Failed(string error) => new(false, error);
}
