namespace Sidecar.Models.Level;

/// <summary>Result of <see cref="LevelTracker.Track"/>: the level at the end and the forecast errors that calibrate the band.</summary>
/// <param name="FinalLevel">Level reached after the last point (the forecast offset).</param>
/// <param name="Errors">
/// Per point, the error of a forecast made at the start of its horizon block (NaN where missing, and for
/// points of a level shift that was later accepted: those are the shift, not noise).
/// </param>
/// <param name="Scale">Robust scale of one-step deviations used for clipping.</param>
/// <param name="Levels">Per point, the level after it was taken in (the forecast made there; NaN where missing).</param>
internal sealed record LevelTrack(double FinalLevel, double[] Errors, double Scale, double[] Levels);
