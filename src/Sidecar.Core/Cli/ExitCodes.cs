namespace Sidecar.Cli;

/// <summary>Process exit codes, as Prometheus tools use them.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The command ran and failed (e.g. an invalid config file).</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong (unknown flag, missing argument); nothing was done.</summary>
    public const int Usage = 2;
}
