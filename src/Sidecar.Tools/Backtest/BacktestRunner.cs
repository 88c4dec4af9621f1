using System.Diagnostics;
using Sidecar.Models;
using Sidecar.Models.Evaluation;

namespace Sidecar.Tools.Backtest;

/// <summary>
/// Backtests many files: each is read, replayed causally (<see cref="CausalReplay"/>), written, and optionally
/// plotted, several files at once. A file that fails is reported and the others go on. Progress lines go to the
/// given writer as files finish (with an ETA for the whole run from the input bytes done), and within a long file
/// (<see cref="ReplayProgress"/>).
/// </summary>
public sealed class BacktestRunner
{
    private readonly BacktestSettings _settings;
    private readonly ModelFit _fit;
    private readonly TextWriter? _progress;

    /// <summary>Creates a runner; <paramref name="progress"/> (usually stderr) may be null for silence.</summary>
    public BacktestRunner(BacktestSettings settings, ModelFit fit, TextWriter? progress)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(fit);
        settings.Replay.Validate();
        _settings = settings;
        _fit = fit;
        _progress = progress;
    }

    /// <summary>Runs every job; returns one summary per job, in job order.</summary>
    public IReadOnlyList<FileSummary> Run(IReadOnlyList<BacktestJob> jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var summaries = new FileSummary[jobs.Count];
        var total = Stopwatch.StartNew();
        int done = 0;
        long rows = 0;
        long[] bytes = jobs.Select(j => File.Exists(j.InputPath) ? new FileInfo(j.InputPath).Length : 0).ToArray();
        long bytesTotal = bytes.Sum(), bytesDone = 0;
        var gate = new object();
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, _settings.Parallelism),
            CancellationToken = cancellationToken,
        };
        Parallel.For(0, jobs.Count, options, i =>
        {
            FileSummary s = RunOne(jobs[i], gate);
            summaries[i] = s;
            lock (gate)
            {
                done++;
                rows += s.Rows;
                bytesDone += bytes[i];
                if (_progress is not null)
                {
                    string what = s.Error is null
                        ? $"{s.Rows} rows, {s.Fits} fits, {s.Flagged} flagged, {s.Seconds:F1}s"
                        : $"FAILED: {s.Error}";
                    string eta = done == jobs.Count ? "" : bytesDone > 0
                        ? $", ETA {ReplayProgress.Span(total.Elapsed.TotalSeconds * (bytesTotal - bytesDone) / bytesDone)}"
                        : "";
                    _progress.WriteLine($"[{done}/{jobs.Count}] {s.Job.RelativePath}: {what} (total {rows} rows, {total.Elapsed.TotalSeconds:F0}s{eta})");
                    if (s.Report?.Capped is { } capped)
                    {
                        _progress.WriteLine($"  {s.Job.RelativePath}: report: {capped}");
                    }
                }
            }
        });

        if (_settings.ReportDirectory is { } dir)
        {
            ReportWriter.WriteIndex(dir, summaries, _settings.Replay);
        }

        return summaries;
    }

    /// <summary>
    /// Replays one already-read series, leaving out (or, for expected ones, widening the band over) the
    /// <paramref name="exclusions"/> besides the settings' own <c>exclude:</c> and <c>expected:</c>.
    /// </summary>
    public ReplayResult Replay(CsvSeries series, IReadOnlyList<BacktestExclusion>? exclusions = null) => Replay(series, exclusions, _fit);

    private ReplayResult Replay(CsvSeries series, IReadOnlyList<BacktestExclusion>? exclusions, ModelFit fit)
    {
        ArgumentNullException.ThrowIfNull(series);
        var replay = _settings.Replay;
        if (exclusions is { Count: > 0 })
        {
            var model = replay.Model with
            {
                Exclude = [.. replay.Model.Exclude, .. exclusions.Where(e => !e.Expected).Select(e => new TimeRange(e.StartMs, e.EndMs))],
                Expected = [.. replay.Model.Expected, .. exclusions.Where(e => e.Expected).Select(e => new TimeRange(e.StartMs, e.EndMs))],
            };
            replay = replay with { Model = model };
        }

        return CausalReplay.Run(series.TimestampsMs, series.Values, replay, fit);
    }

    /// <summary>The exclusions of the settings that apply to <paramref name="job"/>.</summary>
    public IReadOnlyList<BacktestExclusion> ExclusionsFor(BacktestJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return _settings.Exclusions.Where(e => e.AppliesTo(job.RelativePath, _settings.Selector)).ToArray();
    }

    private FileSummary RunOne(BacktestJob job, object gate)
    {
        var sw = Stopwatch.StartNew();
        try
        {
            CsvSeries series = CsvSeriesReader.Read(job.InputPath);
            var exclusions = ExclusionsFor(job);
            ModelFit fit = _progress is null || series.Count == 0
                ? _fit
                : new ReplayProgress(job.RelativePath, series.TimestampsMs.Max(), _settings.ProgressInterval, _progress, gate).Wrap(_fit);
            ReplayResult result = Replay(series, exclusions, fit);
            BacktestCsvWriter.Write(job.OutputPath, series, result);
            FileSummary summary = Summarise(job, series, result, 0) with { Exclusions = exclusions };
            if (_settings.ReportDirectory is { } dir)
            {
                summary = summary with { Report = ReportWriter.WritePlot(dir, job, series, result, exclusions, _settings.Labels?.For(job.RelativePath), _settings.MaxReportPanels) };
            }

            if (result.FirstFailure is { } failure && _progress is not null)
            {
                lock (gate)
                {
                    _progress.WriteLine($"warning: {job.RelativePath}: {result.FitFailures} fit(s) failed, previous model kept; first: {failure}");
                }
            }

            return summary with { Seconds = sw.Elapsed.TotalSeconds };
        }
        catch (Exception e) when (e is CsvFormatException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            return FileSummary.Failed(job, e.Message, sw.Elapsed.TotalSeconds);
        }
    }

    /// <summary>Counts rows, flags and band coverage for one replayed file.</summary>
    public static FileSummary Summarise(BacktestJob job, CsvSeries series, ReplayResult result, double seconds)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(result);
        int scored = 0, flagged = 0, normal = 0, inside = 0;
        double width = 0;
        for (int i = 0; i < series.Count; i++)
        {
            double y = series.Values[i];
            double p = result.Predicted[i];
            if (!double.IsFinite(y) || double.IsNaN(p))
            {
                continue;
            }

            scored++;
            if (result.Score[i] > 1)
            {
                flagged++;
            }

            if (series.Anomalous.Length > 0 && series.Anomalous[i])
            {
                continue;
            }

            normal++;
            width += result.Upper[i] - result.Lower[i];
            if (y >= result.Lower[i] && y <= result.Upper[i])
            {
                inside++;
            }
        }

        return new FileSummary(job, series.Count, scored, flagged, result.FitCount, result.FitFailures,
            normal > 0 ? (double)inside / normal : double.NaN, normal > 0 ? width / normal : double.NaN, seconds, null);
    }
}
