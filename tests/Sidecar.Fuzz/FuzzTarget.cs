namespace Sidecar.Fuzz;

/// <summary>
/// One fuzz target: feeds a whole input to one decoder and lets only the exceptions that decoder documents pass.
/// Anything else that escapes <see cref="Run"/> (or a hang, or a stack overflow) is a finding.
/// </summary>
/// <param name="Name">The command-line name, also the corpus folder under <c>corpus/</c>.</param>
/// <param name="Run">Decodes one input; throws only on a finding.</param>
internal sealed record FuzzTarget(string Name, Action<byte[]> Run);
