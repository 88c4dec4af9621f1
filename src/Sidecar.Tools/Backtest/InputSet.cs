namespace Sidecar.Tools.Backtest;

/// <summary>
/// Turns <c>--input</c>/<c>--output</c> into jobs. A file input writes to the output path, or into it when it is an
/// existing directory or ends with a separator. A directory input is read recursively for <c>*.csv</c> and
/// <c>*.csv.gz</c> files (ordinal order) and each result goes to the same relative path under the output
/// directory (a <c>.gz</c> suffix is dropped: results are plain CSV).
/// </summary>
public static class InputSet
{
    /// <summary>Resolves the jobs.</summary>
    /// <exception cref="FileNotFoundException">The input does not exist.</exception>
    /// <exception cref="ArgumentException">The input is a directory with no CSV file, or the output is the input.</exception>
    public static IReadOnlyList<BacktestJob> Resolve(string input, string output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        if (File.Exists(input))
        {
            string name = OutputName(Path.GetFileName(input));
            bool intoDir = Directory.Exists(output) || output.EndsWith('/') || output.EndsWith(Path.DirectorySeparatorChar);
            string target = intoDir ? Path.Combine(output, name) : output;
            if (Path.GetFullPath(target) == Path.GetFullPath(input))
            {
                throw new ArgumentException($"output {target} would overwrite the input");
            }

            return [new BacktestJob(input, target, Path.GetFileName(input))];
        }

        if (!Directory.Exists(input))
        {
            throw new FileNotFoundException($"input {input} does not exist", input);
        }

        string root = Path.GetFullPath(input);
        if (Path.GetFullPath(output).TrimEnd(Path.DirectorySeparatorChar) == root.TrimEnd(Path.DirectorySeparatorChar))
        {
            throw new ArgumentException($"output directory {output} is the input directory");
        }

        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase))
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new ArgumentException($"input directory {input} holds no .csv file");
        }

        return files
            .Select(rel => new BacktestJob(Path.Combine(root, rel), Path.Combine(output, OutputName(rel)), rel))
            .ToList();
    }

    /// <summary>The input files alone (for commands that write no per-file output: cv, tune).</summary>
    /// <exception cref="FileNotFoundException">The input does not exist.</exception>
    /// <exception cref="ArgumentException">The input is a directory with no CSV file.</exception>
    public static IReadOnlyList<BacktestJob> Inputs(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        string scratch = Path.Combine(Path.GetTempPath(), $"sidecar-unused-{Guid.NewGuid():N}");
        return Resolve(input, scratch).Select(j => j with { OutputPath = string.Empty }).ToList();
    }

    private static string OutputName(string name) =>
        name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? name[..^3] : name;
}
