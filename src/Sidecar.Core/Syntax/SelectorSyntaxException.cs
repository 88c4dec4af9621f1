namespace Sidecar.Syntax;

/// <summary>A series-selector syntax error at <see cref="Offset"/> (0-based); turned into a <see cref="SeriesSelectorError"/>.</summary>
internal sealed class SelectorSyntaxException : Exception
{
    public SelectorSyntaxException(int offset, string message)
        : base(message)
    {
        Offset = offset;
    }

    public SelectorSyntaxException()
    {
    }

    public SelectorSyntaxException(string message)
        : base(message)
    {
    }

    public SelectorSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Offset { get; }
}
