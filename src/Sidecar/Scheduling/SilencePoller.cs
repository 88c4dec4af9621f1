using Microsoft.Extensions.Hosting;
using Sidecar.Config;
using Sidecar.Exposition;
using Sidecar.RemoteRead;

namespace Sidecar.Scheduling;

/// <summary>
/// Reads Alertmanager's silences every <c>poll_interval</c> of the <c>alertmanager:</c> section in force (a reload
/// that changes it applies at the next poll) and mirrors the marked ones into the <see cref="ExclusionBook"/>
/// (<see cref="SilenceExclusions"/>). A failed read is logged and counted, and the exclusions of the last good read
/// stay. Idle while the section is absent. Thread-safe; one poll at a time.
/// </summary>
public sealed partial class SilencePoller : BackgroundService
{
    private readonly Func<AlertmanagerConfig?> _config;
    private readonly ExclusionBook _book;
    private readonly AlertmanagerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private AlertmanagerConfig? _clientConfig;
    private SilencesClient? _client;

    /// <summary>Creates the poller; <paramref name="config"/> gives the section in force now.</summary>
    public SilencePoller(Func<AlertmanagerConfig?> config, ExclusionBook book, AlertmanagerMetrics metrics, TimeProvider time, ILogger<SilencePoller> logger)
    {
        _config = config;
        _book = book;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    /// <summary>One poll: reads the silences and syncs the book; false (logged, counted) when the read or save failed.</summary>
    public async Task<bool> PollAsync(CancellationToken cancellationToken)
    {
        if (_config() is not { } config)
        {
            return true;
        }

        if (!ReferenceEquals(config, _clientConfig))
        {
            _client?.Dispose();
            _client = new SilencesClient(config.Client, _time);
            _clientConfig = config;
        }

        IReadOnlyList<Silence> silences;
        IReadOnlyDictionary<string, DateTimeOffset> since;
        try
        {
            silences = await _client!.ListAsync(cancellationToken).ConfigureAwait(false);
            since = await _client.SilencedSinceAsync(SilenceExclusions.AlertName, cancellationToken).ConfigureAwait(false);
        }
        catch (RemoteReadException e)
        {
            _metrics.Failed.Inc();
            LogReadFailed(_logger, RemoteReadClientOptions.Redact(config.Client.Url), e.Message);
            return false;
        }

        var now = _time.GetUtcNow();
        var (exclusions, refused) = SilenceExclusions.From(silences, since, config.IgnoreLabels, now.ToUnixTimeMilliseconds());
        foreach (var (id, reason) in refused)
        {
            LogRefused(_logger, id, reason);
        }

        var (added, removed, error) = _book.Sync(exclusions);
        if (error is not null)
        {
            _metrics.Failed.Inc();
            LogSaveFailed(_logger, error);
            return false;
        }

        _metrics.Succeeded.Inc();
        _metrics.LastSuccess.Set(now.ToUnixTimeMilliseconds() / 1000.0);
        _metrics.Exclusions.Set(Math.Min(exclusions.Count, ExclusionBook.MaxExclusions));
        _metrics.Refused.Set(refused.Count);
        if (exclusions.Count > ExclusionBook.MaxExclusions)
        {
            LogTooMany(_logger, exclusions.Count, ExclusionBook.MaxExclusions);
        }

        if (added + removed > 0)
        {
            LogSynced(_logger, silences.Count, exclusions.Count, added, removed);
        }

        return true;
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _client?.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollAsync(stoppingToken).ConfigureAwait(false);
                var interval = _config()?.PollInterval ?? AlertmanagerConfig.DefaultPollInterval;
                await Task.Delay(interval, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "reading silences from {Url} failed ({Reason}); the exclusions from the last good read stay, retried at the next poll")]
    private static partial void LogReadFailed(ILogger logger, string url, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "silence exclusions could not be saved ({Reason}); the previous ones stay, retried at the next poll")]
    private static partial void LogSaveFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "silence {Id} has a sidecar: marker but is not used: {Reason}")]
    private static partial void LogRefused(ILogger logger, string id, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} silences ask for exclusions, more than the {Max} kept; the first {Max} are used")]
    private static partial void LogTooMany(ILogger logger, int count, int max);

    [LoggerMessage(Level = LogLevel.Information, Message = "silences read: {Silences} listed, {Exclusions} exclusions from them ({Added} new or changed, {Removed} removed)")]
    private static partial void LogSynced(ILogger logger, int silences, int exclusions, int added, int removed);
}
