namespace Sidecar.Config;

/// <summary>
/// One problem found in a config file, at a 1-based <see cref="Line"/> and <see cref="Column"/>. Its
/// <see cref="ToString"/> is the form editors and CI understand: <c>file:line:column: message</c> (warnings
/// add <c>warning: </c> before the message). Line 0 means the whole file (e.g. unreadable): <c>file: message</c>.
/// </summary>
public sealed record ConfigDiagnostic(string File, int Line, int Column, ConfigSeverity Severity, string Message)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var where = Line > 0 ? $"{File}:{Line}:{Column}" : File;
        return Severity == ConfigSeverity.Warning ? $"{where}: warning: {Message}" : $"{where}: {Message}";
    }
}
