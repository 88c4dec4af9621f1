using Sidecar.Testing;

namespace Sidecar.Core.Tests.Config;

/// <summary>One row per validation rule: a small config and the exact diagnostics it must produce.</summary>
public class ConfigRulesTests
{
    private const string Rr = ConfigText.RemoteRead;
    private const string Sel = "selectors:\n  - name: s\n    match: up\n";

    public static TheoryData<string, string, string[]> Rules => new()
    {
        // YAML itself
        { "yaml syntax", "a: [1, 2\nb: 3\n", ["2:1: invalid YAML: unexpected text (an unclosed [ or { ?)"] },
        { "yaml bad indentation", "defaults:\n  step: 1m\n fit_window: 1d\n", ["3:2: invalid YAML: While parsing a block mapping, did not find expected key."] },
        { "two documents", "output_naming: default\n---\noutput_naming: default\n", ["3:1: expected a single YAML document"] },
        { "duplicate key", "output_naming: default\noutput_naming: vmanomaly\ndefaults: {step: 0s}\n",
            ["2:1: duplicate key \"output_naming\" (the first one is used)", "3:18: defaults.step: must be greater than 0"] },
        { "root not a mapping", "- a\n", ["1:1: : expected a mapping (key: value lines), got a list"] },
        { "unknown top-level key", "selector: []\n", ["1:1: unknown key \"selector\" at top level (did you mean \"selectors\"?)"] },
        { "unknown key no hint", "frobnicate: 1\n", ["1:1: unknown key \"frobnicate\" at top level"] },
        { "merge key", "defaults: &d {step: 1m}\nselectors:\n  - <<: *d\n    name: s\n    match: up\n" + Rr,
            ["3:5: selectors[0]: YAML merge keys (<<) are not supported; put shared settings under defaults: or repeat them"] },
        { "anchors and aliases", Rr + "selectors:\n  - name: a\n    match: &m up\n    model: &model {type: ewma}\n  - name: b\n    match: *m\n    model: *model\n", [] },
        { "unknown key case", "Defaults: {}\n", ["1:1: unknown key \"Defaults\" at top level (did you mean \"defaults\"?)"] },

        // remote_read
        { "remote_read not a list", "remote_read: {url: http://h/api/v1/read}\n", ["1:14: remote_read: expected a list, got a mapping"] },
        { "url missing", "remote_read:\n  - name: a\n", ["2:5: remote_read[0]: missing required key \"url\""] },
        { "url not http", "remote_read:\n  - url: ftp://h/api/v1/read\n", ["2:10: remote_read[0].url: invalid URL \"ftp://h/api/v1/read\": expected an absolute http:// or https:// URL, e.g. http://127.0.0.1:9090/api/v1/read"] },
        { "url relative", "remote_read:\n  - url: /api/v1/read\n", ["2:10: remote_read[0].url: invalid URL \"/api/v1/read\": expected an absolute http:// or https:// URL, e.g. http://127.0.0.1:9090/api/v1/read"] },
        { "url credentials", "remote_read:\n  - url: http://u:p@h/api/v1/read\n", ["2:10: remote_read[0].url: put credentials in basic_auth, not in the URL"] },
        { "url without path", "remote_read:\n  - url: http://h:9090\n", ["2:10: warning: remote_read[0].url: the URL has no path; Prometheus serves remote read at /api/v1/read"] },
        { "names needed", "remote_read:\n  - url: http://a/api/v1/read\n  - url: http://b/api/v1/read\n",
            ["2:5: remote_read[0]: missing required key \"name\" (needed when there are several remote_read entries)", "3:5: remote_read[1]: missing required key \"name\" (needed when there are several remote_read entries)"] },
        { "names unique", "remote_read:\n  - {name: a, url: http://a/api/v1/read}\n  - {name: a, url: http://b/api/v1/read}\n", ["3:12: remote_read[1].name: remote_read \"a\" is defined twice"] },
        { "timeout zero", Rr + "    remote_timeout: 0s\n", ["3:21: remote_read[0].remote_timeout: must be greater than 0"] },
        { "timeout negative", Rr + "    remote_timeout: -1m\n", ["3:21: remote_read[0].remote_timeout: must not be negative, got \"-1m\""] },
        { "timeout not duration", Rr + "    remote_timeout: 60\n", ["3:21: remote_read[0].remote_timeout: invalid duration \"60\": expected e.g. 30s, 5m, 1h30m, 14d, 1w or 500ms (units y w d h m s ms, largest first)"] },
        { "concurrency zero", Rr + "    max_concurrent_requests: 0\n", ["3:30: remote_read[0].max_concurrent_requests: must be at least 1, got 0"] },
        { "retries type", Rr + "    max_retries: three\n", ["3:18: remote_read[0].max_retries: expected an integer, got \"three\""] },
        { "backoff order", Rr + "    min_backoff: 10s\n    max_backoff: 1s\n", ["3:18: remote_read[0].min_backoff: 10s is longer than max_backoff (1s)"] },
        { "backoff max only", Rr + "    max_backoff: 50ms\n", ["2:5: remote_read[0].min_backoff: 100ms is longer than max_backoff (50ms)"] },
        { "request range tiny", Rr + "    max_request_range: 0s\n", ["3:24: remote_read[0].max_request_range: must be greater than 0"] },
        { "retries negative", Rr + "    max_retries: -1\n", ["3:18: remote_read[0].max_retries: must not be negative, got -1"] },
        { "frame size bad", Rr + "    max_frame_bytes: 16 megs\n", ["3:22: remote_read[0].max_frame_bytes: invalid size \"16 megs\": expected e.g. 512KiB, 16MiB, 1GiB or a number of bytes"] },
        { "frame size small", Rr + "    max_frame_bytes: 100B\n", ["3:22: remote_read[0].max_frame_bytes: must be between 1KiB and 2147483647 bytes, got 100B"] },
        { "frame size huge", Rr + "    max_frame_bytes: 4GiB\n", ["3:22: remote_read[0].max_frame_bytes: must be between 1KiB and 2147483647 bytes, got 4GiB"] },
        { "response size negative", Rr + "    max_response_bytes: -5\n", ["3:25: remote_read[0].max_response_bytes: must not be negative, got \"-5\""] },
        { "response size small", Rr + "    max_response_bytes: 1000\n", ["3:25: remote_read[0].max_response_bytes: must be at least 1KiB, got 1000"] },
        { "name empty", Rr + "selectors:\n  - name: ''\n    match: up\n", ["4:11: selectors[0].name: must not be empty"] },
        { "samples zero", Rr + "    max_samples_per_request: 0\n", ["3:30: remote_read[0].max_samples_per_request: must be at least 1, got 0"] },
        { "headers not mapping", Rr + "    headers: [a]\n", ["3:14: remote_read[0].headers: expected a mapping of header names to values, got a list"] },
        { "header reserved", Rr + "    headers: {Authorization: x}\n", ["3:15: remote_read[0].headers.Authorization: header \"Authorization\" is set by the sidecar itself; use authorization or basic_auth"] },
        { "header reserved prefix", Rr + "    headers: {X-Prometheus-Remote-Read-Version: 1}\n", ["3:15: remote_read[0].headers.X-Prometheus-Remote-Read-Version: header \"X-Prometheus-Remote-Read-Version\" is set by the sidecar itself"] },
        { "header invalid name", Rr + "    headers: {\"bad header\": x}\n", ["3:15: remote_read[0].headers: \"bad header\" is not a valid header name"] },
        { "header twice", Rr + "    headers: {x-a: 1, X-A: 2}\n", ["3:23: remote_read[0].headers.X-A: header \"X-A\" is set twice"] },
        { "two auths", Rr + "    basic_auth: {username: u, password: p}\n    bearer_token_file: /t\n", ["4:24: remote_read[0]: at most one of basic_auth, authorization and bearer_token_file may be set (found basic_auth and bearer_token_file)"] },
        { "basic auth username", Rr + "    basic_auth: {password: p}\n", ["3:17: remote_read[0].basic_auth: missing required key \"username\""] },
        { "basic auth both", Rr + "    basic_auth: {username: u, password: p, password_file: f}\n", ["3:59: remote_read[0].basic_auth: at most one of password and password_file may be set"] },
        { "basic auth typo", Rr + "    basic_auth: {username: u, pasword: p}\n", ["3:31: unknown key \"pasword\" in remote_read[0].basic_auth (did you mean \"password\"?)"] },
        { "authorization basic", Rr + "    authorization: {type: Basic, credentials: x}\n", ["3:27: remote_read[0].authorization.type: use basic_auth for Basic authentication"] },
        { "authorization type words", Rr + "    authorization: {type: 'Bearer token', credentials: x}\n", ["3:27: remote_read[0].authorization.type: must be one word, e.g. Bearer"] },
        { "url no host", "remote_read:\n  - url: 'http:///api/v1/read'\n", ["2:10: remote_read[0].url: invalid URL \"http:///api/v1/read\": expected an absolute http:// or https:// URL, e.g. http://127.0.0.1:9090/api/v1/read"] },
        { "authorization both", Rr + "    authorization: {credentials: x, credentials_file: f}\n", ["3:55: remote_read[0].authorization: at most one of credentials and credentials_file may be set"] },
        { "bearer_token inline", Rr + "    bearer_token: x\n", ["3:5: unknown key \"bearer_token\" in remote_read[0] (did you mean \"bearer_token_file\"?)"] },
        { "tls missing ca", Rr + "    tls_config: {ca_file: /nonexistent/ca.pem}\n", ["3:27: warning: remote_read[0].tls_config.ca_file: file \"/nonexistent/ca.pem\" does not exist (yet); requests will fail until it does"] },
        { "tls cert without key", Rr + "    tls_config: {cert_file: /nonexistent/c.pem}\n",
            ["3:17: remote_read[0].tls_config: cert_file and key_file must be set together", "3:29: warning: remote_read[0].tls_config.cert_file: file \"/nonexistent/c.pem\" does not exist (yet); requests will fail until it does"] },
        { "tls skip verify type", Rr + "    tls_config: {insecure_skip_verify: yes}\n", ["3:40: remote_read[0].tls_config.insecure_skip_verify: expected true or false, got \"yes\""] },

        // defaults and settings
        { "defaults not mapping", "defaults: 5m\n", ["1:11: defaults: expected a mapping (key: value lines), got \"5m\""] },
        { "unknown defaults key", "defaults: {fit_windw: 1d}\n", ["1:12: unknown key \"fit_windw\" in defaults (did you mean \"fit_window\"?)"] },
        { "step zero", "defaults: {step: 0}\n", ["1:18: defaults.step: must be greater than 0"] },
        { "min_history over fit_window", "defaults: {min_history: 30d}\n", ["1:25: defaults: min_history (30d) is longer than fit_window (2w): no series would ever be modelled"] },
        { "max_series zero", "defaults: {max_series: 0}\n", ["1:24: defaults.max_series: must be at least 1, got 0"] },
        { "max_series float", "defaults: {max_series: 1.5}\n", ["1:24: defaults.max_series: expected an integer, got \"1.5\""] },
        { "max_series huge", "defaults: {max_series: 99999999999}\n", ["1:24: defaults.max_series: 99999999999 is too large"] },
        { "model unknown key", "defaults: {model: {intervall_width: 0.9}}\n", ["1:20: unknown key \"intervall_width\" in defaults.model (did you mean \"interval_width\"?)"] },
        { "interval_width 0", "defaults: {model: {interval_width: 0}}\n", ["1:36: defaults.model.interval_width: must be between 0 and 1, exclusive, got 0"] },
        { "interval_width 1", "defaults: {model: {interval_width: 1}}\n", ["1:36: defaults.model.interval_width: must be between 0 and 1, exclusive, got 1"] },
        { "interval_width text", "defaults: {model: {interval_width: wide}}\n", ["1:36: defaults.model.interval_width: expected a number, got \"wide\""] },
        { "interval_width nan", "defaults: {model: {interval_width: .nan}}\n", ["1:36: defaults.model.interval_width: expected a number, got \".nan\""] },
        { "direction enum", "defaults: {model: {detection_direction: up}}\n", ["1:41: defaults.model.detection_direction: unknown value \"up\"; expected one of: both, above, below"] },
        { "negative min dev", "defaults: {model: {min_dev_from_expected: -1}}\n", ["1:43: defaults.model.min_dev_from_expected: must not be negative, got -1"] },
        { "time zone", "defaults: {model: {time_zone: Mars/Olympus}}\n", ["1:31: defaults.model.time_zone: unknown IANA time zone \"Mars/Olympus\" (e.g. UTC, Europe/Berlin, America/New_York)"] },
        { "changepoint_range 0", "defaults: {model: {changepoint_range: 0}}\n", ["1:39: defaults.model.changepoint_range: must be greater than 0 and at most 1, got 0"] },
        { "n_changepoints negative", "defaults: {model: {n_changepoints: -3}}\n", ["1:36: defaults.model.n_changepoints: must not be negative, got -3"] },
        { "prior scale zero", "defaults: {model: {changepoint_prior_scale: 0}}\n", ["1:45: defaults.model.changepoint_prior_scale: must be greater than 0, got 0"] },
        { "daily seasonality", "defaults: {model: {daily_seasonality: some}}\n", ["1:39: defaults.model.daily_seasonality: expected a Fourier order (0 switches it off), auto, true or false, got \"some\""] },
        { "seasonality missing keys", "defaults: {model: {seasonalities: [{name: x}]}}\n",
            ["1:36: defaults.model.seasonalities[0]: missing required key \"period\"", "1:36: defaults.model.seasonalities[0]: missing required key \"fourier_order\""] },
        { "seasonality bad values", "defaults: {model: {seasonalities: [{name: x, period: 0s, fourier_order: 0, condition: weekends}]}}\n",
            ["1:54: defaults.model.seasonalities[0].period: must be greater than 0", "1:73: defaults.model.seasonalities[0].fourier_order: must be at least 1, got 0", "1:87: defaults.model.seasonalities[0].condition: unknown value \"weekends\" (did you mean \"weekend\"?); expected one of: none, weekday, weekend"] },
        { "seasonality twice", "defaults: {model: {seasonalities: [{name: x, period: 1d, fourier_order: 3}, {name: x, period: 1h, fourier_order: 3}]}}\n",
            ["1:84: defaults.model.seasonalities[1].name: seasonality \"x\" is defined twice"] },
        { "holiday bad date", "defaults: {model: {holidays: [{name: h, dates: [2025-13-01]}]}}\n", ["1:49: defaults.model.holidays[0].dates[0]: invalid date \"2025-13-01\" (expected YYYY-MM-DD)"] },
        { "holiday windows", "defaults: {model: {holidays: [{name: h, dates: [2025-12-25], lower_window: 1, upper_window: -1}]}}\n",
            ["1:76: defaults.model.holidays[0].lower_window: days before the holiday are counted as 0 or negative, got 1", "1:93: defaults.model.holidays[0].upper_window: must not be negative, got -1"] },
        { "holiday no dates", "defaults: {model: {holidays: [{name: h, dates: []}]}}\n", ["1:48: defaults.model.holidays[0].dates: give at least one date"] },
        { "calendar code", "defaults: {model: {holiday_calendars: [UK]}}\n", ["1:40: defaults.model.holiday_calendars[0]: no built-in holiday calendar for \"UK\" (the United Kingdom is GB) (country codes: " + string.Join(", ", Sidecar.Models.Features.HolidayCalendars.Countries) + ")"] },
        { "ewma half life", "defaults: {model: {ewma_half_life: -1h}}\n", ["1:36: defaults.model.ewma_half_life: must not be negative, got \"-1h\""] },
        { "level shift", "defaults: {model: {level_shift: 5}}\n", ["1:33: defaults.model.level_shift: invalid duration \"5\": expected e.g. 30s, 5m, 1h30m, 14d, 1w or 500ms (units y w d h m s ms, largest first)"] },
        { "exclude order", "defaults: {model: {exclude: [{start: 2025-03-01T12:00:00Z, end: 2025-03-01T10:00:00Z}]}}\n", ["1:65: defaults.model.exclude[0].end: must be after start"] },
        { "exclude no zone", "defaults: {model: {exclude: [{start: 2025-03-01T12:00:00, end: 2025-03-01T13:00:00Z}]}}\n", ["1:38: defaults.model.exclude[0].start: invalid RFC 3339 timestamp \"2025-03-01T12:00:00\" (e.g. 2025-03-01T14:00:00Z or 2025-03-01T15:00:00+01:00)"] },
        { "cv bad", "defaults: {cv: {horizon: 0s, perio: 1h}}\n", ["1:26: defaults.cv.horizon: must be greater than 0", "1:30: unknown key \"perio\" in defaults.cv (did you mean \"period\"?)"] },
        { "tuning metric", "defaults: {tuning: {metric: rsme, grid: {growth: [flat]}}}\n", ["1:29: defaults.tuning.metric: unknown value \"rsme\" (did you mean \"rmse\"?); expected one of: mse, rmse, mae, mape, mdape, smape, coverage, error_count, error_magnitude"] },
        { "tuning no grid", "defaults: {tuning: {metric: mae}}\n", ["1:20: defaults: tuning needs a grid (grid: {model_key: [values...]})"] },
        { "tuning grid unknown key", "defaults: {tuning: {grid: {changepoint_prior: [0.1]}}}\n", ["1:28: unknown key \"changepoint_prior\" in defaults.tuning.grid (did you mean \"changepoint_prior_scale\"?)"] },
        { "tuning grid list values", "defaults: {tuning: {grid: {holiday_calendars: [[US], [XX]]}}}\n", ["1:55: defaults.tuning.grid.holiday_calendars[1][0]: no built-in holiday calendar for \"XX\" (country codes: " + string.Join(", ", Sidecar.Models.Features.HolidayCalendars.Countries) + ")"] },
        { "tuning grid bad value", "defaults: {tuning: {grid: {interval_width: [0.9, 2]}}}\n", ["1:50: defaults.tuning.grid.interval_width[1]: must be between 0 and 1, exclusive, got 2"] },
        { "tuning grid empty values", "defaults: {tuning: {grid: {growth: []}}}\n", ["1:36: defaults.tuning.grid.growth: give at least one value to try"] },
        { "tuning grid scalar", "defaults: {tuning: {grid: {growth: flat}}}\n", ["1:36: defaults.tuning.grid.growth: expected a list, got \"flat\""] },
        { "tuning grid too large", "defaults: {tuning: {grid: {n_changepoints: [1,2,3,4,5,6,7,8,9,10], changepoint_range: [0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1], holidays_prior_scale: [1,2,3,4,5,6,7,8,9,10], seasonality_prior_scale: [1,2,3,4,5,6,7,8,9,10], growth: [flat, linear]}}}\n",
            ["1:27: defaults.tuning.grid: 20000 combinations to try; at most 10000 are allowed"] },
        { "output naming", "output_naming: victoria\n", ["1:16: output_naming: unknown value \"victoria\"; expected one of: default, vmanomaly"] },

        // selectors
        { "selectors without remote_read", Sel, ["2:3: selectors: there is no remote_read entry to read them from"] },
        { "selector not mapping", Rr + "selectors: [up]\n", ["3:13: selectors[0]: expected a mapping (key: value lines), got \"up\""] },
        { "selector name missing", Rr + "selectors:\n  - match: up\n", ["4:5: selectors[0]: missing required key \"name\""] },
        { "selector match missing", Rr + "selectors:\n  - name: s\n", ["4:5: selectors[0]: missing required key \"match\""] },
        { "selector name chars", Rr + "selectors:\n  - {name: my selector, match: up}\n", ["4:12: selectors[0].name: \"my selector\" is not a valid selector name (letters, digits, _ . : -; starting with a letter or _)"] },
        { "selector unknown key", Rr + Sel + "    func: rate\n", ["6:5: unknown key \"func\" in selectors[0] (did you mean \"function\"?)"] },
        { "selector source unknown", Rr + Sel + "    source: defualt\n", ["6:13: selectors[0].source: no remote_read named \"defualt\" (did you mean \"default\"?) (known: default)"] },
        { "selector source needed", "remote_read:\n  - {name: a, url: http://a/api/v1/read}\n  - {name: b, url: http://b/api/v1/read}\n" + Sel,
            ["5:5: selectors[0]: missing required key \"source\" (needed when there are several remote_read entries: a, b)"] },
        { "function enum", Rr + Sel + "    function: irate\n    range: 1m\n", ["6:15: selectors[0].function: unknown value \"irate\" (did you mean \"rate\"?); expected one of: none, rate, increase, delta"] },
        { "range missing", Rr + Sel + "    function: delta\n", ["6:15: selectors[0]: function delta needs a range (e.g. range: 5m)"] },
        { "range without function", Rr + Sel + "    range: 5m\n", ["6:12: warning: selectors[0].range: has no effect without function rate, increase or delta"] },
        { "aggregate enum", Rr + Sel + "    aggregate: total\n", ["6:16: selectors[0].aggregate: unknown value \"total\"; expected one of: none, sum, avg, min, max, count"] },
        { "by and without", Rr + Sel + "    aggregate: sum\n    by: [a]\n    without: [b]\n", ["8:5: selectors[0]: by and without cannot both be set"] },
        { "without needs aggregate", Rr + Sel + "    without: [b]\n", ["6:5: selectors[0].without: needs aggregate (sum, avg, min, max or count)"] },
        { "by label names", Rr + Sel + "    aggregate: sum\n    by: [job, 1x, job]\n", ["7:15: selectors[0].by[1]: \"1x\" is not a valid label name", "7:19: selectors[0].by[2]: label \"job\" is listed twice"] },
        { "drop __name__", Rr + Sel + "    drop_labels: [__name__]\n", ["6:18: selectors[0].drop_labels: __name__ cannot be dropped"] },
        { "drop not list", Rr + Sel + "    drop_labels: pod\n", ["6:18: selectors[0].drop_labels: expected a list, got \"pod\""] },
        { "selector override checked", Rr + Sel + "    model: {interval_width: 95}\n", ["6:29: selectors[0].model.interval_width: must be between 0 and 1, exclusive, got 95"] },
        { "selector merged min_history", "defaults: {min_history: 2d}\n" + Rr + Sel + "    fit_window: 1d\n", ["7:17: selectors[0]: min_history (2d) is longer than fit_window (1d): no series would ever be modelled"] },
        { "match in double-quoted yaml", Rr + "selectors:\n  - name: s\n    match: \"m{a=\\\"\\\\q\\\"}\"\n", ["5:19: selectors[0].match: invalid series selector: unknown escape sequence \\q"] },
        { "match in single-quoted yaml", Rr + "selectors:\n  - name: s\n    match: 'm{a=''x'',b}'\n", ["5:24: selectors[0].match: invalid series selector: unexpected character '}', expected one of =, !=, =~, !~"] },
        { "match plain", Rr + "selectors:\n  - name: s\n    match: m{a=~\"(\"}\n", ["5:17: selectors[0].match: invalid series selector: invalid regular expression in a: Invalid pattern '(' at offset 1. Not enough )'s."] },
        { "match block scalar", Rr + "selectors:\n  - name: s\n    match: >\n      m{a=b}\n", ["5:12: selectors[0].match: invalid series selector: unexpected character 'b', expected a quoted label value"] },
        { "match not string", Rr + "selectors:\n  - name: s\n    match: {a: b}\n", ["5:12: selectors[0].match: expected a string, got a mapping"] },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Load_RuleBroken_ReportsExactly(string rule, string yaml, string[] expected)
    {
        var result = ConfigText.Load(yaml);

        Assert.Equal(expected.Select(e => $"{ConfigText.File}:{e}"), ConfigText.Lines(result));
        Assert.Equal(expected.Any(e => !e.Contains(": warning: ", StringComparison.Ordinal)), !result.IsValid);
        Assert.False(string.IsNullOrEmpty(rule));
    }
}
