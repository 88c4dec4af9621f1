namespace Sidecar.Cli;

/// <summary>What a running command gets: its parsed arguments and where to write. Not thread-safe (the writers are not).</summary>
/// <param name="Args">The checked flags and positional arguments.</param>
/// <param name="Out">Standard output: results.</param>
/// <param name="Error">Standard error: problems, progress.</param>
public sealed record CommandContext(ParsedArguments Args, TextWriter Out, TextWriter Error);
