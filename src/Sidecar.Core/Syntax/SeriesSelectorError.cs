namespace Sidecar.Syntax;

/// <summary>Why a series selector did not parse, and where: <see cref="Offset"/> is the 0-based character index in the selector text.</summary>
public sealed record SeriesSelectorError(int Offset, string Message);
