using SharpFuzz;
using Sidecar.Fuzz;
using Sidecar.Fuzz.Targets;

// Sidecar.Fuzz TARGET                 run under afl-fuzz (scripts/fuzz.sh), the input on standard input
// Sidecar.Fuzz TARGET --replay DIR    run every file of DIR through TARGET in-process; exit 1 on any finding
// Sidecar.Fuzz seeds DIR              write the binary seed corpora under DIR/<target>/
// Sidecar.Fuzz list                   the target names
if (args is ["list"])
{
    foreach (var t in FuzzTargets.All)
    {
        Console.WriteLine(t.Name);
    }

    return 0;
}

if (args is ["seeds", var seedRoot])
{
    SeedCorpus.Write(seedRoot);
    return 0;
}

var target = args.Length > 0 ? FuzzTargets.Find(args[0]) : null;
if (target is null)
{
    Console.Error.WriteLine($"usage: Sidecar.Fuzz TARGET [--replay DIR] | seeds DIR | list; targets: {string.Join(", ", FuzzTargets.All.Select(t => t.Name))}");
    return 2;
}

if (args is [_, "--replay", var dir])
{
    var findings = CorpusReplay.Run(target, dir, Console.Error);
    return findings == 0 ? 0 : 1;
}

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: Sidecar.Fuzz TARGET [--replay DIR]");
    return 2;
}

// Out of process: a stack overflow in the target kills only the child, and AFL sees it as a crash.
Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    target.Run(buffer.ToArray());
});
return 0;
