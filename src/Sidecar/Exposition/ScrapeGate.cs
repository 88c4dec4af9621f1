namespace Sidecar.Exposition;

/// <summary>
/// Makes a change of several children of the registry look atomic to a scrape: a scrape collects inside the gate, and
/// a change that must be seen whole or not at all (the model info of a series switching from one <c>model</c> to
/// another: never two info series, never none) is made inside it too. Nothing inside the gate may wait for another
/// lock, and a scrape holds it only while the registry is collected into memory, so a change waits milliseconds at
/// most. Thread-safe.
/// </summary>
public sealed class ScrapeGate : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Enters for a scrape; dispose the result to leave.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Exit(_gate);
    }

    /// <summary>Runs <paramref name="change"/> with no scrape collecting meanwhile.</summary>
    public void Run(Action change)
    {
        _gate.Wait();
        try
        {
            change();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _gate.Dispose();

    private sealed class Exit(SemaphoreSlim gate) : IDisposable
    {
        private SemaphoreSlim? _gate = gate;

        public void Dispose() => Interlocked.Exchange(ref _gate, null)?.Release();
    }
}
