using Sidecar.Series;

namespace Sidecar.Scheduling;

/// <summary>The step grids a selector's runs read: the whole fit window, or the steps new since the last inference. Stateless.</summary>
internal static class RunGrids
{
    /// <summary>The <c>fit_window</c> ending at the step of <paramref name="nowMs"/>.</summary>
    public static StepGrid Fit(long nowMs, long stepMs, TimeSpan fitWindow)
    {
        var endMs = StepGrid.AlignDown(nowMs, stepMs);
        var count = (int)Math.Max(1, (long)fitWindow.TotalMilliseconds / stepMs);
        return new StepGrid(endMs - ((count - 1) * stepMs), stepMs, count);
    }

    /// <summary>The steps after <paramref name="lastEvalMs"/> up to <paramref name="evalMs"/>, bounded to a few cycles.</summary>
    public static StepGrid Inference(long? lastEvalMs, long evalMs, long stepMs, TimeSpan inferEvery)
    {
        // The first inference scores the last infer_every; a long outage is not replayed beyond a few cycles.
        var inferSteps = Math.Max(1, (long)inferEvery.TotalMilliseconds / stepMs);
        var backlogSteps = Math.Max(10, 2 * inferSteps);
        var fromMs = lastEvalMs is { } last ? last + stepMs : evalMs - ((inferSteps - 1) * stepMs);
        fromMs = Math.Max(fromMs, evalMs - ((backlogSteps - 1) * stepMs));
        return StepGrid.Between(fromMs, evalMs, stepMs);
    }
}
