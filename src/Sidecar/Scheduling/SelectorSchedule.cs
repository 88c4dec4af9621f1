namespace Sidecar.Scheduling;

/// <summary>
/// When a selector's runs happen, on <see cref="TimeProvider"/> timers: a fit every <c>fit_every</c> (at once when
/// nothing was restored, else when the restored fit falls due), retried with exponential backoff while the window
/// cannot be read; an inference every <c>infer_every</c> once models exist, and right after each fit; a catch-up
/// after an inference when a new series is due; with continuous tuning, a tuning cycle after each successful fit. A run never overlaps itself: a tick that finds the previous run of
/// its kind still going is skipped and counted in <c>sidecar_runs_skipped_total</c>. Thread-safe.
/// </summary>
public sealed class SelectorSchedule : IAsyncDisposable
{
    /// <summary>The longest wait between two attempts of a fit that keeps failing.</summary>
    public static readonly TimeSpan MaxFitBackoff = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait a .NET timer accepts (2^32 − 2 ms, 49.7 days); every due time and period is clamped to it.</summary>
    public static readonly TimeSpan MaxTimerWait = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private static readonly TimeSpan MinFitBackoff = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action _onProgress;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _tasksGate = new();
    private ITimer? _fitTimer;
    private ITimer? _inferenceTimer;
    private int _fitRunning;
    private int _inferenceRunning;
    private int _catchUpRunning;
    private int _tuneRunning;
    private int _fitFailures;
    private Task _fitTask = Task.CompletedTask;
    private Task _inferenceTask = Task.CompletedTask;
    private Task _catchUpTask = Task.CompletedTask;
    private Task _tuneTask = Task.CompletedTask;

    /// <summary>Creates the schedule; nothing runs until <see cref="Start"/>.</summary>
    /// <param name="runner">The runs to schedule.</param>
    /// <param name="time">The clock and its timers.</param>
    /// <param name="logger">Log.</param>
    /// <param name="onProgress">Called after every run (readiness may have changed); must not throw.</param>
    public SelectorSchedule(SelectorRunner runner, TimeProvider time, ILogger logger, Action onProgress)
    {
        Runner = runner;
        _time = time;
        _logger = logger;
        _onProgress = onProgress;
    }

    /// <summary>The runner whose runs are scheduled.</summary>
    public SelectorRunner Runner { get; }

    /// <summary>
    /// Creates the timers, not yet running: the part of starting that can fail, done before a reload touches the
    /// running schedules. <see cref="Start"/> calls it when not done yet.
    /// </summary>
    public void Prepare()
    {
        _fitTimer ??= _time.CreateTimer(_ => OnFitTick(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _inferenceTimer ??= _time.CreateTimer(_ => OnInferenceTick(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Starts the timers (due times and periods are clamped, so this does not throw once prepared).</summary>
    public void Start()
    {
        Prepare();
        var settings = Runner.Selector.Settings;
        var firstFit = TimeSpan.Zero;
        if (Runner.FittedAt is { } fitted)
        {
            var due = fitted + settings.FitEvery - _time.GetUtcNow();
            firstFit = due > TimeSpan.Zero ? due : TimeSpan.Zero;
        }

        _fitTimer!.Change(Clamp(firstFit), Clamp(settings.FitEvery));
        _inferenceTimer!.Change(Runner.IsServing ? TimeSpan.Zero : Clamp(settings.InferEvery), Clamp(settings.InferEvery));
    }

    /// <summary>Completes when no run is going (for tests driving a fake clock).</summary>
    public async Task WhenIdleAsync()
    {
        // A run may start another (a fit starts an inference, an inference a catch-up): wait until none is left.
        while (true)
        {
            Task all;
            lock (_tasksGate)
            {
                all = Task.WhenAll(_fitTask, _inferenceTask, _catchUpTask, _tuneTask);
            }

            await all.ConfigureAwait(false);
            lock (_tasksGate)
            {
                if (_fitTask.IsCompleted && _inferenceTask.IsCompleted && _catchUpTask.IsCompleted && _tuneTask.IsCompleted)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Stops the timers, cancels running runs and waits for them to end.</summary>
    public async ValueTask DisposeAsync()
    {
        _fitTimer?.Dispose();
        _inferenceTimer?.Dispose();
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await WhenIdleAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    private void OnFitTick()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _fitRunning, 1, 0) != 0)
        {
            Runner.Metrics.FitsSkipped.Inc();
            SchedulingLog.RunSkipped(_logger, Runner.Name, "fit");
            return;
        }

        lock (_tasksGate)
        {
            _fitTask = Task.Run(RunFitAsync);
        }
    }

    private void OnInferenceTick()
    {
        // Before the first fit or restore there is nothing to predict, and the fit itself discovers series.
        if (!_stopping.IsCancellationRequested && Runner.IsServing)
        {
            StartInference(countSkip: true);
        }
    }

    private void StartInference(bool countSkip)
    {
        if (Interlocked.CompareExchange(ref _inferenceRunning, 1, 0) != 0)
        {
            if (countSkip)
            {
                Runner.Metrics.InferencesSkipped.Inc();
                SchedulingLog.RunSkipped(_logger, Runner.Name, "inference");
            }

            return;
        }

        lock (_tasksGate)
        {
            _inferenceTask = Task.Run(RunInferenceAsync);
        }
    }

    private async Task RunFitAsync()
    {
        var outcome = await GuardedAsync(Runner.FitAsync, "fit").ConfigureAwait(false);
        Volatile.Write(ref _fitRunning, 0);
        if (outcome is not { } ok)
        {
            return;
        }

        var every = Runner.Selector.Settings.FitEvery;
        if (ok)
        {
            if (_fitFailures > 0)
            {
                _fitFailures = 0;
                _fitTimer?.Change(Clamp(every), Clamp(every));
            }

            StartInference(countSkip: false);
            StartTuning();
        }
        else
        {
            _fitFailures++;
            var backoff = MinFitBackoff * Math.Pow(2, Math.Min(_fitFailures - 1, 16));
            backoff = new[] { backoff, MaxFitBackoff, every }.Min();
            _fitTimer?.Change(Clamp(backoff), Clamp(every));
        }

        _onProgress();
    }

    private async Task RunInferenceAsync()
    {
        var outcome = await GuardedAsync(Runner.InferAsync, "inference").ConfigureAwait(false);
        Volatile.Write(ref _inferenceRunning, 0);
        if (outcome is null)
        {
            return;
        }

        _onProgress();
        if (Volatile.Read(ref _fitRunning) == 0 && Runner.HasDueCatchUps && Interlocked.CompareExchange(ref _catchUpRunning, 1, 0) == 0)
        {
            lock (_tasksGate)
            {
                _catchUpTask = Task.Run(RunCatchUpAsync);
            }
        }
    }

    // A cycle still going when the next fit ends stops at its next series (a fit ran meanwhile); the next one takes the new window.
    private void StartTuning()
    {
        if (Runner.TunesContinuously && Interlocked.CompareExchange(ref _tuneRunning, 1, 0) == 0)
        {
            lock (_tasksGate)
            {
                _tuneTask = Task.Run(RunTuningAsync);
            }
        }
    }

    private async Task RunTuningAsync()
    {
        var outcome = await GuardedAsync(Runner.TuneAsync, "tuning").ConfigureAwait(false);
        Volatile.Write(ref _tuneRunning, 0);
        if (outcome is not null)
        {
            _onProgress();
        }
    }

    private async Task RunCatchUpAsync()
    {
        var outcome = await GuardedAsync(
            async ct =>
            {
                await Runner.CatchUpAsync(ct).ConfigureAwait(false);
                return true;
            },
            "catch-up").ConfigureAwait(false);
        Volatile.Write(ref _catchUpRunning, 0);
        if (outcome is not null)
        {
            _onProgress();
        }
    }

    /// <summary>A wait no timer throws on: between 0 and <see cref="MaxTimerWait"/>.</summary>
    private static TimeSpan Clamp(TimeSpan wait) =>
        wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxTimerWait ? MaxTimerWait : wait;

    /// <summary>
    /// Runs <paramref name="run"/> so that nothing escapes: returns its result, false when it crashed (logged as a
    /// <paramref name="kind"/> run), or null when it was cancelled because the schedule is stopping.
    /// </summary>
    private async Task<bool?> GuardedAsync(Func<CancellationToken, Task<bool>> run, string kind)
    {
        try
        {
            return await run(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e)
        {
            SchedulingLog.RunCrashed(_logger, Runner.Name, kind, e);
            return false;
        }
    }
}
