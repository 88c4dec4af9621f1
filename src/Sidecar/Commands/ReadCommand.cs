using Sidecar.Cli;
using Sidecar.Config.Binding;
using Sidecar.RemoteRead;
using Sidecar.Series;
using Sidecar.Syntax;
using Sidecar.Text;

namespace Sidecar.Commands;

/// <summary>
/// <c>sidecar read</c>: answers "what does the sidecar see?" by reading a selector through remote-read and printing
/// CSV (<c>series,timestamp,value</c>) to stdout — the shaped series a model would get (equal to Prometheus's
/// <c>query_range</c> of the equivalent PromQL), or with <c>--raw</c> the samples as stored in [start, end].
/// With <c>--config.file F --selector NAME</c> the selector's match, source and shaping are used; with
/// <c>--remote-read.url URL --match SELECTOR</c> the series are shaped as a gauge (PromQL: the selector itself).
/// Exit 0 on success, 1 when the config or the read fails, 2 for a wrong command line.
/// </summary>
public sealed class ReadCommand : Command
{
    private static readonly FlagSpec ConfigFile =
        FlagSpec.String("config.file", "Sidecar configuration file; read the selector named by --selector.", "FILE");

    private static readonly FlagSpec SelectorName =
        FlagSpec.String("selector", "Name of a selector in --config.file: its match, source and shaping are used.", "NAME");

    private static readonly FlagSpec Url =
        FlagSpec.String("remote-read.url", "Remote-read endpoint to read without a config, e.g. http://127.0.0.1:9090/api/v1/read.", "URL");

    private static readonly FlagSpec Match =
        FlagSpec.String("match", "PromQL series selector to read without a config, e.g. 'http_requests_total{job=\"api\"}'.", "SELECTOR");

    private static readonly FlagSpec Start =
        FlagSpec.Timestamp("start", "First time to print: RFC 3339 (2025-03-01T12:00:00Z) or unix seconds.") with { Required = true };

    private static readonly FlagSpec End =
        FlagSpec.Timestamp("end", "Last time to print (inclusive): RFC 3339 or unix seconds.") with { Required = true };

    private static readonly FlagSpec Step =
        FlagSpec.Duration("step", "Grid step of the shaped series (default: the selector's step, or 1m without a config).");

    private static readonly FlagSpec Raw = FlagSpec.Bool("raw", "Print the samples as stored, before shaping.");

    private readonly Func<RemoteReadClientOptions, RemoteReadClientOptions> _adjustClientOptions;

    /// <summary>Creates the command.</summary>
    public ReadCommand()
        : this(static options => options)
    {
    }

    /// <summary>Creates the command with a last say over the client options (tests pin the response type with it).</summary>
    internal ReadCommand(Func<RemoteReadClientOptions, RemoteReadClientOptions> adjustClientOptions)
        : base("read", "Print a selector's series as CSV: shaped as the models see them, or --raw as stored.")
    {
        _adjustClientOptions = adjustClientOptions;
        Flags = [ConfigFile, SelectorName, Url, Match, Start, End, Step, Raw];
    }

    /// <inheritdoc />
    public override async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var args = context.Args;
        var startMs = args.Timestamp(Start)!.Value.ToUnixTimeMilliseconds();
        var endMs = args.Timestamp(End)!.Value.ToUnixTimeMilliseconds();
        if (endMs < startMs)
        {
            throw new UsageException($"--end ({args.String(End)}) is before --start ({args.String(Start)})");
        }

        var plan = args.IsSet(ConfigFile) ? await FromConfigAsync(context).ConfigureAwait(false) : FromFlags(args);
        if (plan is null)
        {
            return ExitCodes.Failure;
        }

        var shaping = args.Duration(Step) is { } step ? plan.Shaping with { Step = step } : plan.Shaping;
        SeriesShaper shaper;
        RemoteReadClient client;
        try
        {
            shaper = new SeriesShaper(shaping);
            client = new RemoteReadClient(_adjustClientOptions(plan.Client));
        }
        catch (ArgumentException e)
        {
            return await FailAsync(context, e.Message).ConfigureAwait(false);
        }

        using (client)
        {
            var raw = args.Bool(Raw);
            var grid = StepGrid.Between(startMs, endMs, shaper.StepMs);
            IReadOnlyList<TimeSeries> series;
            try
            {
                series = await client.ReadAsync(new ReadQuery(raw ? startMs : shaper.ReadStartMs(grid), endMs, plan.Matchers), cancellationToken).ConfigureAwait(false);
            }
            catch (RemoteReadException e)
            {
                // The client's message names the (redacted) endpoint and what failed.
                return await FailAsync(context, e.Message).ConfigureAwait(false);
            }

            var csv = new SeriesCsvWriter(context.Out);
            csv.WriteHeader();
            if (raw)
            {
                foreach (var s in series)
                {
                    csv.Write(s);
                }
            }
            else
            {
                var shaped = shaper.Shape(series, grid);
                foreach (var s in shaped.Series)
                {
                    csv.Write(s);
                }

                if (shaped.OverlappingSamplesDropped > 0)
                {
                    await context.Error.WriteLineAsync(
                        $"sidecar: warning: drop_labels merged series that overlap in time; {shaped.OverlappingSamplesDropped} overlapping samples were ignored (do the dropped labels tell concurrent series apart?)").ConfigureAwait(false);
                }
            }

            await csv.FlushAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
    }

    private static async Task<ReadPlan?> FromConfigAsync(CommandContext context)
    {
        var args = context.Args;
        if (args.IsSet(Url) || args.IsSet(Match))
        {
            throw new UsageException("--remote-read.url and --match cannot be combined with --config.file; name a selector with --selector");
        }

        var name = args.String(SelectorName) ?? throw new UsageException("--config.file needs --selector NAME");
        var file = args.String(ConfigFile)!;
        var loaded = ConfigLoader.LoadFile(file);
        foreach (var diagnostic in loaded.Diagnostics)
        {
            await context.Error.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
        }

        if (loaded.Config is not { } config)
        {
            await FailAsync(context, $"{file} is not valid").ConfigureAwait(false);
            return null;
        }

        if (config.FindSelector(name) is not { } selector)
        {
            var names = config.Selectors.Select(s => s.Name).ToArray();
            var hint = Suggest.Closest(name, names) is { } closest ? $" (did you mean \"{closest}\"?)" : "";
            await FailAsync(context, names.Length == 0
                ? $"{file} has no selectors"
                : $"no selector \"{name}\" in {file}{hint}; selectors: {string.Join(", ", names)}").ConfigureAwait(false);
            return null;
        }

        if (config.FindQueryRange(selector.Source) is not null)
        {
            await FailAsync(context, $"selector \"{name}\" reads from the query_range source \"{selector.Source}\"; "
                + "sidecar read reads remote_read sources (raw samples) only").ConfigureAwait(false);
            return null;
        }

        var source = config.FindRemoteRead(selector.Source)
            ?? throw new InvalidOperationException($"selector \"{name}\" names unknown source \"{selector.Source}\" in a valid config");
        return new ReadPlan(source.Client, selector.Matchers, selector.Shaping);
    }

    private static ReadPlan FromFlags(ParsedArguments args)
    {
        if (args.IsSet(SelectorName))
        {
            throw new UsageException("--selector needs --config.file; without a config use --remote-read.url and --match");
        }

        var url = args.String(Url);
        var match = args.String(Match);
        if (url is null || match is null)
        {
            throw new UsageException("give either --config.file and --selector, or --remote-read.url and --match");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"invalid --remote-read.url \"{url}\": expected an http:// or https:// URL");
        }

        if (!SeriesSelectorParser.TryParse(match, out var matchers, out var error))
        {
            throw new UsageException($"invalid --match at column {error.Offset + 1}: {error.Message}");
        }

        return new ReadPlan(new RemoteReadClientOptions { Url = uri }, matchers, new ShapingOptions());
    }

    private static async Task<int> FailAsync(CommandContext context, string message)
    {
        await context.Error.WriteLineAsync($"sidecar: error: {message}").ConfigureAwait(false);
        return ExitCodes.Failure;
    }

    private sealed record ReadPlan(RemoteReadClientOptions Client, IReadOnlyList<Matcher> Matchers, ShapingOptions Shaping);
}
