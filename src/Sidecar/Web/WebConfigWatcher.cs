using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Sidecar.Config;
using Sidecar.Config.Binding;

namespace Sidecar.Web;

/// <summary>
/// The <c>--web.config.file</c> as it is now: re-read when the file changes (checked at most once a second, on a
/// connection or request), so new certificates and users take effect without a restart. A change that does not
/// load is logged and the last good settings stay. Whether the listener speaks TLS at all is fixed at start.
/// Thread-safe.
/// </summary>
public sealed partial class WebConfigWatcher : IDisposable
{
    private readonly string? _path;
    private readonly TimeProvider _time;
    private ILogger _logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    private readonly Lock _lock = new();
    private WebSettings _current;
    private (DateTime Modified, long Length) _stamp;
    private long _checkedAtMs;

    private WebConfigWatcher(string? path, WebSettings initial, (DateTime, long) stamp, TimeProvider time)
    {
        _path = path;
        _current = initial;
        _stamp = stamp;
        _time = time;
    }

    /// <summary>True when the listener was started with TLS.</summary>
    public bool UsesTls { get; private init; }

    /// <summary>
    /// Loads <paramref name="path"/> (null: no web config, plain HTTP without authentication); null with the
    /// diagnostics when it does not load or its certificates cannot be read.
    /// </summary>
    public static WebConfigWatcher? Create(string? path, TimeProvider time, out IReadOnlyList<string> problems)
    {
        if (path is null)
        {
            problems = [];
            return new WebConfigWatcher(null, WebSettings.None, default, time);
        }

        var stamp = Stamp(path);
        if (!TryLoad(path, out var settings, out problems))
        {
            return null;
        }

        return new WebConfigWatcher(path, settings, stamp, time) { UsesTls = settings.Config.Tls is not null };
    }

    /// <summary>Where reloads are logged from now on (the host's logging exists only after the watcher).</summary>
    public void UseLogger(ILogger logger) => _logger = logger;

    /// <summary>The settings in force, re-read first if the file changed.</summary>
    public WebSettings Current
    {
        get
        {
            Refresh();
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            _current.Dispose();
        }
    }

    private void Refresh()
    {
        if (_path is null)
        {
            return;
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_lock)
        {
            if (now - _checkedAtMs < 1000)
            {
                return;
            }

            _checkedAtMs = now;
            var stamp = Stamp(_path);
            if (stamp == _stamp)
            {
                return;
            }

            _stamp = stamp;
            if (!TryLoad(_path, out var settings, out var problems))
            {
                LogReloadFailed(_logger, _path, string.Join("; ", problems));
                return;
            }

            if ((settings.Config.Tls is not null) != UsesTls)
            {
                LogTlsSwitchIgnored(_logger, _path);
                settings.Dispose();
                return;
            }

            var old = _current;
            _current = settings;
            LogReloaded(_logger, _path);

            // Connections already up keep the context they were given; the old certificate is only dropped here.
            old.Dispose();
        }
    }

    private static bool TryLoad(string path, [NotNullWhen(true)] out WebSettings? settings, out IReadOnlyList<string> problems)
    {
        settings = null;
        var result = WebConfigLoader.LoadFile(path);
        if (result.Config is not { } config)
        {
            problems = result.Diagnostics.Select(d => d.ToString()).ToArray();
            return false;
        }

        try
        {
            settings = WebSettings.From(config);
            problems = result.Diagnostics.Select(d => d.ToString()).ToArray();
            return true;
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException or ArgumentException)
        {
            problems = [$"{path}: tls_server_config: cannot load the certificate or key: {e.Message}"];
            return false;
        }
    }

    private static (DateTime, long) Stamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : default;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "web config {File} did not load; the previous settings stay: {Problems}")]
    private static partial void LogReloadFailed(ILogger logger, string file, string problems);

    [LoggerMessage(Level = LogLevel.Warning, Message = "web config {File} turns TLS on or off, which takes a restart; the previous settings stay")]
    private static partial void LogTlsSwitchIgnored(ILogger logger, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "web config {File} reloaded")]
    private static partial void LogReloaded(ILogger logger, string file);
}
