using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sidecar.Exposition;
using Sidecar.RemoteRead;
using Sidecar.RemoteRead.Server;
using Sidecar.Scheduling;
using Sidecar.Syntax;

namespace Sidecar.Web;

/// <summary>
/// <c>POST /api/v1/read</c>: Prometheus remote read, answering for the sidecar's own prediction families
/// (<c>predicted</c>, <c>predicted_lower</c>, <c>predicted_upper</c>, or their <c>output_naming</c> names) with the
/// labels of the gauges on <c>/metrics</c>, computed from the current models on each selector's step grid. Only steps
/// after the latest one published on <c>/metrics</c> are answered (the future): Prometheus keeps the past as it
/// scraped it, and with <c>read_recent: true</c> it merges both. Always answers SAMPLES (allowed whatever
/// <c>accepted_response_types</c> prefers, as long as it lists SAMPLES or nothing). A request for more than the sample
/// limit is refused with 400 before anything is computed, as Prometheus refuses one past its own limit.
/// </summary>
public static class ForecastReadEndpoint
{
    /// <summary>The largest request body read (snappy-compressed), in bytes.</summary>
    public const int MaxBodyBytes = 1 << 20;

    /// <summary>The largest decompressed request accepted, in bytes.</summary>
    public const int MaxRequestBytes = 4 << 20;

    /// <summary>Maps the endpoint; <paramref name="forecasts"/> gives the current models (null before the first configuration).</summary>
    /// <param name="endpoints">Where to map.</param>
    /// <param name="forecasts">The current forecast snapshot.</param>
    /// <param name="replica">The value of the <c>replica</c> label every family on <c>/metrics</c> carries, or null.</param>
    /// <param name="sampleLimit">The most points one request may return (<c>--storage.remote.read-sample-limit</c>).</param>
    /// <param name="metrics">The endpoint's self-metrics.</param>
    public static IEndpointRouteBuilder MapForecastReadEndpoint(
        this IEndpointRouteBuilder endpoints, Func<ForecastSnapshot?> forecasts, string? replica, long sampleLimit, ForecastReadMetrics metrics)
    {
        endpoints.MapPost("/api/v1/read", async (HttpContext context) =>
        {
            var (status, error, body, samples) = await AnswerAsync(context.Request, forecasts, replica, sampleLimit, context.RequestAborted).ConfigureAwait(false);
            metrics.Answered(status);
            context.Response.StatusCode = status;
            if (body is null)
            {
                await context.Response.WriteAsync(error + "\n", context.RequestAborted).ConfigureAwait(false);
                return;
            }

            metrics.Samples.Inc(samples);
            context.Response.ContentType = RemoteReadServerCodec.SamplesContentType;
            context.Response.Headers.ContentEncoding = "snappy";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        });
        return endpoints;
    }

    private static async Task<(int Status, string? Error, byte[]? Body, long Samples)> AnswerAsync(
        HttpRequest request, Func<ForecastSnapshot?> forecasts, string? replica, long sampleLimit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return BadRequest($"request body of {request.ContentLength} bytes exceeds the {MaxBodyBytes}-byte bound");
        }

        var buffer = new byte[MaxBodyBytes + 1];
        var read = await request.Body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read > MaxBodyBytes)
        {
            return BadRequest($"request body exceeds the {MaxBodyBytes}-byte bound");
        }

        ReadRequestBody decoded;
        try
        {
            decoded = RemoteReadServerCodec.DecodeRequest(buffer.AsMemory(0, read), MaxRequestBytes);
        }
        catch (RemoteReadException e)
        {
            return BadRequest($"invalid remote-read request (a snappy-compressed prometheus.ReadRequest is expected): {e.Message}");
        }

        if (decoded.AcceptedResponseTypes.Count > 0 && !decoded.AcceptedResponseTypes.Contains(RemoteReadResponseType.Samples))
        {
            return BadRequest($"none of the accepted response types [{string.Join(", ", decoded.AcceptedResponseTypes)}] is served; supported: [Samples]");
        }

        var plans = new List<List<(SelectorForecast Selector, ForecastSeries Series, bool[] Families, StepRange Steps)>>();
        var snapshot = forecasts();
        long total = 0;
        foreach (var query in decoded.Queries)
        {
            var matcher = SeriesMatcher.TryCreate(query.Matchers, out var matcherError);
            if (matcher is null)
            {
                return BadRequest($"invalid matcher: {matcherError}");
            }

            var plan = new List<(SelectorForecast, ForecastSeries, bool[], StepRange)>();
            plans.Add(plan);
            if (snapshot is null)
            {
                continue;
            }

            string[] families = [snapshot.Names.Predicted, snapshot.Names.PredictedLower, snapshot.Names.PredictedUpper];
            foreach (var selector in snapshot.Selectors)
            {
                if (StepRange.After(selector, query.StartMs, query.EndMs) is not { } steps)
                {
                    continue;
                }

                foreach (var series in selector.Series)
                {
                    bool[]? matched = null;
                    for (var f = 0; f < families.Length; f++)
                    {
                        var family = families[f];
                        if (matcher.Matches(name => ValueOf(series, name, family, replica)))
                        {
                            matched ??= new bool[families.Length];
                            matched[f] = true;
                            total += steps.Count;
                        }
                    }

                    if (matched is not null)
                    {
                        if (total > sampleLimit)
                        {
                            return BadRequest(
                                $"exceeded sample limit ({sampleLimit}): the request asks for more forecast points; narrow its range or matchers, or raise --storage.remote.read-sample-limit");
                        }

                        plan.Add((selector, series, matched, steps));
                    }
                }
            }
        }

        var results = new List<IReadOnlyList<TimeSeries>>(plans.Count);
        try
        {
            foreach (var plan in plans)
            {
                results.Add(Compute(plan, snapshot!, replica));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (StatusCodes.Status500InternalServerError, $"forecast failed: {e.Message}", null, 0);
        }

        return (StatusCodes.Status200OK, null, RemoteReadServerCodec.EncodeSamplesResponse(results), total);
    }

    private static List<TimeSeries> Compute(
        List<(SelectorForecast Selector, ForecastSeries Series, bool[] Families, StepRange Steps)> plan, ForecastSnapshot snapshot, string? replica)
    {
        var output = new List<TimeSeries>();
        string[] families = [snapshot.Names.Predicted, snapshot.Names.PredictedLower, snapshot.Names.PredictedUpper];
        foreach (var (_, series, matched, steps) in plan)
        {
            var timestamps = new long[steps.Count];
            for (var i = 0; i < timestamps.Length; i++)
            {
                timestamps[i] = steps.FirstMs + (i * steps.StepMs);
            }

            double[][] values = [new double[steps.Count], new double[steps.Count], new double[steps.Count]];
            series.Predict(timestamps, values[0], values[1], values[2]);
            for (var f = 0; f < families.Length; f++)
            {
                if (matched[f])
                {
                    output.Add(new TimeSeries(Labels(series, families[f], replica), timestamps, values[f]));
                }
            }
        }

        return output;
    }

    private static LabelSet Labels(ForecastSeries series, string family, string? replica)
    {
        var labels = new List<Label>(series.LabelNames.Count + 2) { new(LabelSet.MetricName, family) };
        for (var i = 0; i < series.LabelNames.Count; i++)
        {
            labels.Add(new Label(series.LabelNames[i], series.LabelValues[i]));
        }

        if (replica is not null)
        {
            labels.Add(new Label(OutputFamilyNames.ReplicaLabel, replica));
        }

        return LabelSet.From(labels);
    }

    private static string ValueOf(ForecastSeries series, string name, string family, string? replica)
    {
        if (name == LabelSet.MetricName)
        {
            return family;
        }

        if (replica is not null && name == OutputFamilyNames.ReplicaLabel)
        {
            return replica;
        }

        for (var i = 0; i < series.LabelNames.Count; i++)
        {
            if (series.LabelNames[i] == name)
            {
                return series.LabelValues[i];
            }
        }

        return "";
    }

    private static (int, string?, byte[]?, long) BadRequest(string error) => (StatusCodes.Status400BadRequest, error, null, 0);

    /// <summary>The steps of a selector's grid in a query's range and after its latest published step.</summary>
    private readonly record struct StepRange(long FirstMs, long StepMs, int Count)
    {
        public static StepRange? After(SelectorForecast selector, long startMs, long endMs)
        {
            if (selector.LatestStepMs is not { } latest || selector.Series.Count == 0 || latest >= endMs)
            {
                return null;
            }

            var step = selector.StepMs;
            var from = Math.Max(startMs, latest + 1);
            if (from > long.MaxValue - step)
            {
                return null;
            }

            // The first multiple of the step at or after from; the grid is aligned to multiples of the step.
            var rem = from % step;
            var first = rem == 0 ? from : rem > 0 ? from - rem + step : from - rem;
            if (first > endMs)
            {
                return null;
            }

            // Clamped to int: a count past any sample limit is refused anyway.
            var count = Math.Min((endMs - first) / step + 1, int.MaxValue);
            return new StepRange(first, step, (int)count);
        }
    }
}
