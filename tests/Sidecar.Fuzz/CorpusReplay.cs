namespace Sidecar.Fuzz;

/// <summary>Runs a corpus through a target in-process, without AFL: what CI checks on every committed input.</summary>
internal static class CorpusReplay
{
    /// <summary>Runs every file under <paramref name="directory"/>; writes each finding to <paramref name="log"/> and returns their count.</summary>
    public static int Run(FuzzTarget target, string directory, TextWriter log)
    {
        var findings = 0;
        var files = Directory.GetFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        foreach (var file in files)
        {
            try
            {
                target.Run(File.ReadAllBytes(file));
            }
            catch (Exception e)
            {
                findings++;
                log.WriteLine($"{target.Name}: {file}: {e}");
            }
        }

        log.WriteLine($"{target.Name}: replayed {files.Count} inputs from {directory}, {findings} findings");
        return findings;
    }
}
