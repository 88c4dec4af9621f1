using Prometheus;
using Sidecar.Exposition;
using Sidecar.RemoteRead;
using Sidecar.Testing;

namespace Sidecar.Tests.Rules;

/// <summary>
/// A refit that changes the model family must not restart an alert: not the <c>for:</c> timer of a held one, and not
/// a second page for one that fires at once. The test renders the real exposition of one series before and after
/// <see cref="SeriesGauges.SetModel"/> switches it from prophet to ewma, turns the rendered <c>anomaly_score</c>
/// samples into promtool input series (before: minutes 0–3, after: minutes 4–10, score 1.5 throughout) and runs the
/// shipped rules: AnomalyDetected fires from 0m, and at 8m it is one alert, active since 0m (ALERTS_FOR_STATE), which
/// holds only if the series kept its identity across the switch. The same input with the old contract (the model
/// label on the gauge, as before issue 12) is the control: there the series after the switch is a new one, a second
/// alert starts at 4m while the first keeps firing, and the same expectations fail.
/// </summary>
public sealed class ModelSwitchAlertTests
{
    [Fact]
    public async Task AnomalyDetected_RefitChangesTheModelFamily_OneAlertActiveSinceTheStart()
    {
        var (before, after) = await ScoreLabelsAcrossSwitchAsync();

        Assert.Equal(before, after);
        Assert.DoesNotContain("model=", before, StringComparison.Ordinal);
        var (passed, output) = await PromtoolAsync(before, after);
        Assert.True(passed, output);
    }

    [Fact]
    public async Task AnomalyDetected_OldContractWithModelLabel_WouldHaveResetAtTheSwitch()
    {
        var (before, after) = await ScoreLabelsAcrossSwitchAsync();

        var (passed, output) = await PromtoolAsync(before.Replace("}", ",model=\"prophet\"}", StringComparison.Ordinal), after.Replace("}", ",model=\"ewma\"}", StringComparison.Ordinal));

        Assert.False(passed, "with the model in the series identity a second alert should have started at the switch");
        Assert.Contains("FAILED", output, StringComparison.Ordinal);
    }

    private static async Task<(string Before, string After)> ScoreLabelsAcrossSwitchAsync()
    {
        var registry = Metrics.NewCustomRegistry();
        var series = new PredictionGauges(Metrics.WithCustomRegistry(registry), OutputFamilyNames.Default, new ScrapeGate())
            .Create("api_requests", "http_requests_total", LabelSet.From(("__name__", "http_requests_total"), ("job", "api"), ("route", "/a")));
        series.SetModel("prophet");
        series.SetPrediction(10, 8, 12);
        series.SetObservation(15, 1.5);
        var before = ScoreLabels(await MetricsText.RenderAsync(registry));

        series.SetModel("ewma");
        series.SetPrediction(10, 8, 12);
        series.SetObservation(15, 1.5);
        return (before, ScoreLabels(await MetricsText.RenderAsync(registry)));
    }

    private static string ScoreLabels(string text)
    {
        var line = Assert.Single(MetricsText.Samples(text), l => l.StartsWith("anomaly_score{", StringComparison.Ordinal));
        return line[..line.LastIndexOf(' ')];
    }

    private static async Task<(bool Passed, string Output)> PromtoolAsync(string before, string after)
    {
        using var dir = new TempDirectory("sidecar-switch-");
        File.Copy(Repo.Path("rules/sidecar-alerts.yml"), dir.File("sidecar-alerts.yml"));
        var input = before == after
            ? $"      - series: '{before}'\n        values: '1.5x10'\n"
            : $"      - series: '{before}'\n        values: '1.5x3 _x7'\n      - series: '{after}'\n        values: '_x3 1.5x7'\n";
        var file = dir.Write("switch.test.yml", $$"""
            rule_files: [sidecar-alerts.yml]
            evaluation_interval: 1m
            tests:
              - interval: 1m
                input_series:
            {{input}}    alert_rule_test:
                  - eval_time: 3m
                    alertname: AnomalyDetected
                    exp_alerts: &firing
                      - exp_labels: {severity: warning, job: api, route: /a, metric: http_requests_total, selector: api_requests, anomaly_series: '{job="api",metric="http_requests_total",route="/a",selector="api_requests"}'}
                        exp_annotations:
                          summary: 'Anomaly in http_requests_total (selector api_requests)'
                          description: >-
                            http_requests_total of selector api_requests is outside its predicted band: anomaly score
                            1.50 (1 is the edge of the band, 2 twice as far out).
                          runbook: >-
                            Open the Sidecar dashboard for this selector and series: compare the value with predicted and its
                            band. Check deploys, incidents and traffic sources of the owning service. If the change is expected
                            (a launch, a campaign, a holiday the model does not know), silence it or add the holiday to the
                            selector's model.holidays; retrain happens at the next fit.
                          runbook_url: docs/runbook.md#anomalydetected
                  - eval_time: 8m
                    alertname: AnomalyDetected
                    exp_alerts: *firing
                promql_expr_test:
                  - expr: count(ALERTS{alertname="AnomalyDetected",severity="warning"})
                    eval_time: 8m
                    exp_samples: [{labels: '{}', value: 1}]
                  - expr: max(ALERTS_FOR_STATE{alertname="AnomalyDetected",severity="warning"})
                    eval_time: 8m
                    exp_samples: [{labels: '{}', value: 0}]
            """);
        try
        {
            return (true, await ExternalProcess.RunAsync("promtool", ["test", "rules", file]));
        }
        catch (Exception e)
        {
            return (false, e.Message);
        }
    }
}
