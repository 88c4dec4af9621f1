using Sidecar.Syntax;

namespace Sidecar.Tools.Backtest;

/// <summary>
/// One exclusion read by <c>backtest --exclusions</c>: [<see cref="StartMs"/>, <see cref="EndMs"/>) in unix
/// milliseconds, for the files whose labels <see cref="Matcher"/> matches (a file's only label is <c>file</c>, its
/// path relative to <c>--input</c>), within <see cref="Selector"/> when set (it must then be the <c>--selector</c>).
/// <see cref="Expected"/>: kept in the fit and the band widened to hold it, as a <c>sidecar:expected</c> silence.
/// Immutable.
/// </summary>
public sealed record BacktestExclusion(string Id, long StartMs, long EndMs, SeriesMatcher Matcher, string? Selector, bool Expected, string Comment)
{
    /// <summary>The label a file is matched on.</summary>
    public const string FileLabel = "file";

    /// <summary>True when this exclusion applies to <paramref name="relativePath"/> replayed with <paramref name="selector"/>'s settings.</summary>
    public bool AppliesTo(string relativePath, string? selector) =>
        (Selector is null || Selector == selector) && Matcher.Matches(name => name == FileLabel ? relativePath : "");
}
