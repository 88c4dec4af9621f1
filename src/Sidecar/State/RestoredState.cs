namespace Sidecar.State;

/// <summary>
/// What a selector's state file gave back: the file read, the models that decoded, and how many did not (with the
/// first reason). Immutable.
/// </summary>
public sealed record RestoredState(StateLoadResult Load, IReadOnlyList<ModelledSeries> Models, int Undecodable, Exception? FirstError)
{
    /// <summary>
    /// True when the models may be served: the file was read for the current settings, and either some models decoded
    /// or none failed to (a state saved with no series restores as such).
    /// </summary>
    public bool IsUsable => Load.Status == StateLoadStatus.Loaded && (Models.Count > 0 || Undecodable == 0);

    /// <summary>When the restored models were fitted (unix milliseconds); 0 when nothing was loaded.</summary>
    public long FittedAtMs => Load.State?.FittedAtMs ?? 0;
}
