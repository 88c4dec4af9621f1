namespace Sidecar.Tools.Backtest;

/// <summary>One input file and where its result goes.</summary>
/// <param name="InputPath">The CSV to read.</param>
/// <param name="OutputPath">The CSV to write.</param>
/// <param name="RelativePath">The input's path relative to the input directory (its file name for a single file), '/'-separated.</param>
public sealed record BacktestJob(string InputPath, string OutputPath, string RelativePath);
