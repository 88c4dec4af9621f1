namespace Sidecar;

/// <summary>Composition root: parses the command line and hands off to a command.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("usage: sidecar <command> [flags]");
        return args.Length == 0 ? 2 : 0;
    }
}
