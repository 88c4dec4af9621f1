namespace Sidecar.Tools.Backtest;

/// <summary>A backtest CSV that cannot be read; the message starts with <c>file:line:</c>.</summary>
public sealed class CsvFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/> at 1-based <paramref name="line"/>.</summary>
    public CsvFormatException(string path, int line, string message)
        : base($"{path}:{line}: {message}")
    {
        Path = path;
        Line = line;
    }

    /// <summary>Creates an exception with a plain message.</summary>
    public CsvFormatException()
        : base("invalid CSV")
    {
        Path = string.Empty;
    }

    /// <summary>Creates an exception with a plain message.</summary>
    public CsvFormatException(string message)
        : base(message)
    {
        Path = string.Empty;
    }

    /// <summary>Creates an exception with a plain message and cause.</summary>
    public CsvFormatException(string message, Exception inner)
        : base(message, inner)
    {
        Path = string.Empty;
    }

    /// <summary>The file that failed.</summary>
    public string Path { get; }

    /// <summary>The 1-based line that failed (0 for the file as a whole).</summary>
    public int Line { get; }
}
