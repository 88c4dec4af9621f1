namespace Sidecar.Web;

/// <summary>The <c>--web.config.file</c> does not load; <see cref="Problems"/> says why, one line each.</summary>
public sealed class WebConfigException : Exception
{
    /// <summary>Creates the exception from the loader's problems.</summary>
    public WebConfigException(IReadOnlyList<string> problems)
        : base(string.Join("\n", problems))
    {
        Problems = problems;
    }

    /// <summary>Each problem, with file:line:column where it has one.</summary>
    public IReadOnlyList<string> Problems { get; }
}
