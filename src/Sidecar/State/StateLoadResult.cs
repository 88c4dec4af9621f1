namespace Sidecar.State;

/// <summary>A state file read: its status, the state when <see cref="StateLoadStatus.Loaded"/>, and why not otherwise.</summary>
public sealed record StateLoadResult(StateLoadStatus Status, SelectorState? State, string Path, string? Reason)
{
    /// <summary>True for the statuses that mean a damaged or foreign file (reported as failures).</summary>
    public bool IsFailure => Status is StateLoadStatus.Corrupt or StateLoadStatus.Foreign
        or StateLoadStatus.UnsupportedVersion or StateLoadStatus.Unreadable;
}
