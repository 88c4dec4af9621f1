using MatchType = Sidecar.RemoteRead.MatchType;
using Sidecar.Config;
using Sidecar.Config.Binding;
using Sidecar.Models;
using Sidecar.Models.Evaluation;
using Sidecar.RemoteRead;
using Sidecar.Series;
using Sidecar.Testing;

namespace Sidecar.Core.Tests.Config;

public class ConfigLoaderTests
{
    [Fact]
    public void Load_SeveralMistakes_ReportsEveryOneWithLineAndColumn()
    {
        const string yaml = """
            remote_read:
              - url: localhost:9090
                remote_timout: 30s
                max_retries: -1
            defaults:
              step: 1x
              model:
                interval_width: 1.5
                time_zone: Europe/Berln
                type: prophett
            selectors:
              - name: api
                match: 'http_requests_total{job="api",code=~"5.."'
                function: rate
                by: [job]
              - name: api
                source: primary
                match: up
                without: [pod]
                by: [job]
                aggregate: sum
              - match: '{a=""}'
            """;

        var result = ConfigText.Load(yaml);

        Assert.False(result.IsValid);
        Assert.Equal(
        [
            "test.yml:2:10: remote_read[0].url: invalid URL \"localhost:9090\": expected an absolute http:// or https:// URL, e.g. http://127.0.0.1:9090/api/v1/read",
            "test.yml:3:5: unknown key \"remote_timout\" in remote_read[0] (did you mean \"remote_timeout\"?)",
            "test.yml:4:18: remote_read[0].max_retries: must not be negative, got -1",
            "test.yml:6:9: defaults.step: invalid duration \"1x\": expected e.g. 30s, 5m, 1h30m, 14d, 1w or 500ms (units y w d h m s ms, largest first)",
            "test.yml:8:21: defaults.model.interval_width: must be between 0 and 1, exclusive, got 1.5",
            "test.yml:9:16: defaults.model.time_zone: unknown IANA time zone \"Europe/Berln\" (did you mean \"Europe/Berlin\"?) (e.g. UTC, Europe/Berlin, America/New_York)",
            "test.yml:10:11: defaults.model.type: unknown value \"prophett\" (did you mean \"prophet\"?); expected one of: auto, prophet, seasonal_baseline, ewma",
            "test.yml:13:54: selectors[0].match: invalid series selector: unexpected end of selector, expected ',' or '}'",
            "test.yml:14:15: selectors[0]: function rate needs a range (e.g. range: 5m)",
            "test.yml:15:5: selectors[0].by: needs aggregate (sum, avg, min, max or count)",
            "test.yml:16:11: selectors[1].name: selector \"api\" is defined twice",
            "test.yml:17:13: selectors[1].source: no remote_read or query_range named \"primary\" (known: default)",
            "test.yml:19:5: selectors[1]: by and without cannot both be set",
            "test.yml:22:5: selectors[2]: missing required key \"name\"",
            "test.yml:22:13: selectors[2].match: invalid series selector: series selector must contain at least one matcher that does not match the empty string (it would select every series)",
        ], ConfigText.Lines(result));
    }

    [Fact]
    public void Load_MinimalValid_AppliesDefaults()
    {
        var config = ConfigText.Valid(ConfigText.RemoteRead + """
            selectors:
              - name: api
                match: up{job="api"}
            """);

        var remote = Assert.Single(config.RemoteReads);
        Assert.Equal("default", remote.Name);
        Assert.Equal(new Uri("http://127.0.0.1:9090/api/v1/read"), remote.Client.Url);
        var selector = Assert.Single(config.Selectors);
        Assert.Equal("default", selector.Source);
        Assert.Equal([new Matcher(MatchType.Equal, "__name__", "up"), new Matcher(MatchType.Equal, "job", "api")], selector.Matchers);
        Assert.Equal(new SelectorSettings(), selector.Settings);
        Assert.Equal(TimeSpan.FromMinutes(1), selector.Shaping.Step);
        Assert.Equal(RangeFunction.None, selector.Shaping.Function);
        Assert.Equal(OutputNaming.Default, config.OutputNaming);
    }

    [Fact]
    public void Load_SelectorOverrides_MergeOverDefaultsKeyByKey()
    {
        var config = ConfigText.Valid(ConfigText.RemoteRead + """
            defaults:
              step: 30s
              fit_window: 7d
              max_series: 500
              model:
                type: prophet
                interval_width: 0.95
                time_zone: Europe/Berlin
                holiday_calendars: [DE]
              cv: {horizon: 2d}
            selectors:
              - name: a
                match: a
                fit_window: 3d
                model:
                  interval_width: 0.9
                  weekly_seasonality: 0
                cv: {initial: 10d}
              - name: b
                match: b
            """);

        var a = config.Selectors[0].Settings;
        Assert.Equal(TimeSpan.FromSeconds(30), a.Step);
        Assert.Equal(TimeSpan.FromDays(3), a.FitWindow);
        Assert.Equal(500, a.MaxSeries);
        Assert.Equal(ModelKind.Prophet, a.Model.Kind);
        Assert.Equal(0.9, a.Model.IntervalWidth);
        Assert.Equal("Europe/Berlin", a.Model.TimeZone);
        Assert.Equal(0, a.Model.WeeklySeasonality);
        Assert.Equal(["DE"], a.Model.HolidayCountries);
        Assert.Equal(TimeSpan.FromDays(10), a.CrossValidation.Initial);
        Assert.Equal(TimeSpan.FromDays(2), a.CrossValidation.Horizon);
        Assert.Equal(TimeSpan.FromDays(1), a.CrossValidation.EffectivePeriod);
        Assert.Equal(TimeSpan.FromSeconds(30), config.Selectors[0].Shaping.Step);

        var b = config.Selectors[1].Settings;
        Assert.Equal(TimeSpan.FromDays(7), b.FitWindow);
        Assert.Equal(0.95, b.Model.IntervalWidth);
        Assert.Null(b.Model.WeeklySeasonality);
        Assert.Equal(TimeSpan.FromDays(7), config.Defaults.FitWindow);
        Assert.Equal(ModelKind.Prophet, config.Defaults.Model.Kind);
    }

    [Fact]
    public void Load_Shaping_MapsToShapingOptions()
    {
        var config = ConfigText.Valid(ConfigText.RemoteRead + """
            selectors:
              - name: rps
                match: 'http_requests_total{job="api"}'
                function: increase
                range: 10m
                aggregate: avg
                without: [instance]
                drop_labels: [pod]
                step: 2m
            """);

        var shaping = config.Selectors[0].Shaping;
        Assert.Equal(RangeFunction.Increase, shaping.Function);
        Assert.Equal(TimeSpan.FromMinutes(10), shaping.Range);
        Assert.Equal(AggregateOp.Avg, shaping.Aggregate);
        Assert.True(shaping.Without);
        Assert.Equal(["instance"], shaping.WithoutLabels);
        Assert.Empty(shaping.By);
        Assert.Equal(["pod"], shaping.DropLabels);
        Assert.Equal(TimeSpan.FromMinutes(2), shaping.Step);
    }

    [Fact]
    public void Load_RemoteReadHttpConfig_MapsEveryKey()
    {
        using var dir = new TempDirectory("sidecar-config-");
        dir.Write("ca.pem", "x");
        var result = ConfigText.Load("""
            remote_read:
              - name: mimir
                url: https://mimir.example:8080/prometheus/api/v1/read
                remote_timeout: 30s
                headers: {X-Scope-OrgID: tenant-a}
                basic_auth: {username: u, password_file: secrets/pw}
                tls_config: {ca_file: ca.pem, server_name: mimir, insecure_skip_verify: true}
                max_request_range: 12h
                max_concurrent_requests: 2
                max_retries: 5
                min_backoff: 50ms
                max_backoff: 10s
                max_frame_bytes: 4MiB
                max_response_bytes: 256MiB
                max_samples_per_request: 1000000
              - name: local
                url: http://127.0.0.1:9090/api/v1/read
                authorization: {credentials: s3cret}
              - name: bearer
                url: http://127.0.0.1:9090/api/v1/read
                bearer_token_file: /run/token
            output_naming: vmanomaly
            """, dir.Path);

        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        Assert.Empty(result.Diagnostics);
        var config = result.Config!;
        var mimir = config.FindRemoteRead("mimir")!.Client;
        Assert.Equal(TimeSpan.FromSeconds(30), mimir.RemoteTimeout);
        Assert.Equal("tenant-a", mimir.Headers["X-Scope-OrgID"]);
        Assert.Equal("u", mimir.BasicAuth!.Username);
        Assert.Null(mimir.BasicAuth.Password);
        Assert.Equal(Path.Combine(dir.Path, "secrets", "pw"), mimir.BasicAuth.PasswordFile);
        Assert.Equal(dir.File("ca.pem"), mimir.TlsConfig!.CaFile);
        Assert.Equal("mimir", mimir.TlsConfig.ServerName);
        Assert.True(mimir.TlsConfig.InsecureSkipVerify);
        Assert.Equal(TimeSpan.FromHours(12), mimir.MaxRequestRange);
        Assert.Equal(2, mimir.MaxConcurrentRequests);
        Assert.Equal(5, mimir.MaxRetries);
        Assert.Equal(TimeSpan.FromMilliseconds(50), mimir.MinBackoff);
        Assert.Equal(TimeSpan.FromSeconds(10), mimir.MaxBackoff);
        Assert.Equal(4L << 20, mimir.MaxFrameBytes);
        Assert.Equal(256L << 20, mimir.MaxResponseBytes);
        Assert.Equal(1_000_000, mimir.MaxSamplesPerRequest);
        var local = config.FindRemoteRead("local")!.Client;
        Assert.Equal("Bearer", local.Authorization!.Type);
        Assert.Equal("s3cret", local.Authorization.Credentials);
        Assert.Equal("/run/token", config.FindRemoteRead("bearer")!.Client.BearerTokenFile);
        Assert.Equal(OutputNaming.Vmanomaly, config.OutputNaming);
    }

    [Fact]
    public void Load_ModelSection_MapsEveryKey()
    {
        var config = ConfigText.Valid("""
            defaults:
              model:
                type: seasonal_baseline
                interval_width: 0.98
                detection_direction: below
                min_dev_from_expected: 5
                min_rel_dev_from_expected: 0.1
                time_zone: America/New_York
                growth: flat
                n_changepoints: 10
                changepoint_range: 0.9
                changepoint_prior_scale: 0.5
                seasonality_mode: multiplicative
                seasonality_prior_scale: 5
                holidays_prior_scale: 2
                daily_seasonality: 6
                weekly_seasonality: auto
                seasonalities:
                  - {name: hourly, period: 1h, fourier_order: 3}
                  - {name: workday, period: 1d, fourier_order: 5, prior_scale: 2, condition: weekday}
                holidays:
                  - {name: xmas, dates: [2025-12-25, 2026-12-25], lower_window: -1, upper_window: 1, prior_scale: 3}
                holiday_calendars: [US, de]
                ewma_half_life: 0s
                level_shift: 45m
                exclude:
                  - {start: 2025-03-01T10:00:00Z, end: 2025-03-01T12:30:00+01:00}
            """);

        var o = config.Defaults.Model;
        Assert.Equal(ModelKind.SeasonalBaseline, o.Kind);
        Assert.Equal(0.98, o.IntervalWidth);
        Assert.Equal(DetectionDirection.Below, o.DetectionDirection);
        Assert.Equal(5, o.MinDevFromExpected);
        Assert.Equal(0.1, o.MinRelDevFromExpected);
        Assert.Equal("America/New_York", o.TimeZone);
        Assert.Equal(Growth.Flat, o.Growth);
        Assert.Equal(10, o.NChangepoints);
        Assert.Equal(0.9, o.ChangepointRange);
        Assert.Equal(0.5, o.ChangepointPriorScale);
        Assert.Equal(SeasonalityMode.Multiplicative, o.SeasonalityMode);
        Assert.Equal(5, o.SeasonalityPriorScale);
        Assert.Equal(2, o.HolidaysPriorScale);
        Assert.Equal(6, o.DailySeasonality);
        Assert.Null(o.WeeklySeasonality);
        Assert.Equal(new SeasonalityOptions("hourly", 3600, 3), o.Seasonalities[0]);
        Assert.Equal(new SeasonalityOptions("workday", 86400, 5, 2, SeasonalityCondition.Weekday), o.Seasonalities[1]);
        var xmas = Assert.Single(o.Holidays);
        Assert.Equal(("xmas", -1, 1, 3.0), (xmas.Name, xmas.LowerWindow, xmas.UpperWindow, xmas.PriorScale));
        Assert.Equal([new DateOnly(2025, 12, 25), new DateOnly(2026, 12, 25)], xmas.Dates);
        Assert.Equal(["US", "DE"], o.HolidayCountries);
        Assert.Equal(0, o.EwmaHalfLifeSeconds);
        Assert.Equal(2700, o.LevelShiftSeconds);
        var start = DateTimeOffset.Parse("2025-03-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(new TimeRange(start.ToUnixTimeMilliseconds(), start.AddMinutes(90).ToUnixTimeMilliseconds()), Assert.Single(o.Exclude));
    }

    [Fact]
    public void Load_ContinuousTuningKeys_AreReadAndMergedKeyByKey()
    {
        var config = ConfigText.Valid(ConfigText.RemoteRead + """
            defaults:
              tuning:
                grid: {ewma_half_life: [1m, 1h]}
                tune_every: 12h
                min_improvement: 0.1
            selectors:
              - name: a
                match: up
                tuning: {cycle_budget: 5s, alert_hold: 30m}
              - name: b
                match: up
                tuning: {tune_every: 0s}
            """);

        Assert.Equal(TimeSpan.FromDays(1), new TuningConfig().TuneEvery);
        Assert.Equal(0.05, new TuningConfig().MinImprovement);
        var a = config.Selectors[0].Settings.Tuning!;
        Assert.Equal((TimeSpan.FromHours(12), 0.1, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(30)), (a.TuneEvery, a.MinImprovement, a.CycleBudget, a.AlertHold));
        Assert.True(a.IsContinuous);
        Assert.Equal(2, a.CandidateCount);
        var b = config.Selectors[1].Settings.Tuning!;
        Assert.False(b.IsContinuous);
        Assert.Equal((0.1, TimeSpan.FromSeconds(60)), (b.MinImprovement, b.CycleBudget));
    }

    [Fact]
    public void Load_Tuning_ExpandsGridOverBaseline()
    {
        var config = ConfigText.Valid("""
            defaults:
              model: {type: prophet}
              tuning:
                metric: error_count
                grid:
                  changepoint_prior_scale: [0.01, 0.1]
                  seasonality_mode: [additive, multiplicative]
                  daily_seasonality: [auto, 8]
            """);

        var tuning = config.Defaults.Tuning!;
        Assert.Equal(MetricKind.ErrorCount, tuning.Metric);
        Assert.Equal(["changepoint_prior_scale", "seasonality_mode", "daily_seasonality"], tuning.Grid.Select(p => p.Key));
        Assert.Equal(8, tuning.CandidateCount);
        var candidates = tuning.Candidates(config.Defaults.Model).ToArray();
        Assert.Equal(8, candidates.Length);
        Assert.All(candidates, c => Assert.Equal(ModelKind.Prophet, c.Kind));
        Assert.Equal(8, candidates.Distinct().Count());
        Assert.Equal((0.01, SeasonalityMode.Additive, (int?)null), (candidates[0].ChangepointPriorScale, candidates[0].SeasonalityMode, candidates[0].DailySeasonality));
        Assert.Equal((0.1, SeasonalityMode.Multiplicative, (int?)8), (candidates[7].ChangepointPriorScale, candidates[7].SeasonalityMode, candidates[7].DailySeasonality));
    }

    [Fact]
    public void Load_EmptyFile_IsValidWithDefaults()
    {
        var config = ConfigText.Valid("# nothing yet\n");

        Assert.Empty(config.Selectors);
        Assert.Empty(config.RemoteReads);
        Assert.Equal(new SelectorSettings(), config.Defaults);
    }

    [Fact]
    public void LoadFile_Missing_OneDiagnosticWithoutPosition()
    {
        var result = ConfigLoader.LoadFile("/nonexistent/sidecar.yml");

        var d = Assert.Single(result.Diagnostics);
        Assert.StartsWith("/nonexistent/sidecar.yml: cannot read file: ", d.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_RelativePaths_ResolvedAgainstConfigDirectory()
    {
        using var dir = new TempDirectory("sidecar-config-");
        var path = dir.Write("s.yml", "remote_read:\n  - url: http://h:1/api/v1/read\n    bearer_token_file: token\n");

        var result = ConfigLoader.LoadFile(path);

        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        Assert.Equal(dir.File("token"), result.Config!.RemoteReads[0].Client.BearerTokenFile);
    }
    [Fact]
    public void Load_DefaultsMistake_ReportedOnceNotPerSelector()
    {
        var result = ConfigText.Load(ConfigText.RemoteRead + """
            defaults:
              min_history: 30d
            selectors:
              - {name: a, match: a}
              - {name: b, match: b}
            """);

        Assert.Equal(["test.yml:4:16: defaults: min_history (30d) is longer than fit_window (2w): no series would ever be modelled"], ConfigText.Lines(result));
    }

    [Fact]
    public void Load_SelectorTuningMetricOnly_KeepsDefaultsGrid()
    {
        var config = ConfigText.Valid(ConfigText.RemoteRead + """
            defaults:
              tuning: {metric: mae, grid: {growth: [flat, linear]}}
            selectors:
              - name: a
                match: a
                tuning: {metric: smape}
            """);

        var tuning = config.Selectors[0].Settings.Tuning!;
        Assert.Equal(MetricKind.Smape, tuning.Metric);
        Assert.Equal("growth", Assert.Single(tuning.Grid).Key);
        Assert.Equal(MetricKind.Mae, config.Defaults.Tuning!.Metric);
    }

    [Fact]
    public void Load_ExplicitNullValue_TreatedAsAbsent()
    {
        var config = ConfigText.Valid(ConfigText.RemoteRead + """
            defaults:
              step:
              model: ~
            selectors:
              - name: a
                match: a
                source:
            """);

        Assert.Equal(TimeSpan.FromMinutes(1), config.Selectors[0].Settings.Step);
        Assert.Equal("default", config.Selectors[0].Source);
    }
}
