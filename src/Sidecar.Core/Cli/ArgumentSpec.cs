namespace Sidecar.Cli;

/// <summary>The positional arguments a command takes, e.g. <c>FILE...</c>: between <see cref="Min"/> and <see cref="Max"/> of them.</summary>
/// <param name="Name">Shown in help as <c>&lt;NAME&gt;</c>.</param>
/// <param name="Help">One-line description.</param>
/// <param name="Min">Fewest allowed.</param>
/// <param name="Max">Most allowed (<see cref="int.MaxValue"/> for any number).</param>
public sealed record ArgumentSpec(string Name, string Help, int Min = 1, int Max = 1);
