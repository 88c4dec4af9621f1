using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using Sidecar.Exposition;
using Sidecar.Scheduling;
using Sidecar.State;
using Sidecar.Testing;
using Sidecar.Web;

namespace Sidecar.Tests.Web;

/// <summary>The exclusions API over HTTP: the Prometheus envelope, a 400 for each kind of bad input, basic-auth users.</summary>
public sealed class ExclusionEndpointsTests : IAsyncLifetime
{
    private const string Password = "s3cret";
    private readonly TempDirectory _directory = new("sidecar-exclusion-api-");
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var webConfig = _directory.Write("web.yml", $"basic_auth_users:\n  oncall: {BCrypt.Net.BCrypt.HashPassword(Password, 4)}\n");
        var web = WebConfigWatcher.Create(webConfig, TimeProvider.System, out var problems) ?? throw new InvalidOperationException(string.Join("\n", problems));
        var book = new ExclusionBook(
            new ExclusionStore(_directory.File("data"), TimeProvider.System), new ExclusionMetrics(Metrics.WithCustomRegistry(_registry)), TimeProvider.System,
            NullLogger<ExclusionBook>.Instance);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.UseWebConfig(web);
        _app.MapExclusionEndpoints(book, () => ["errors", "latency"]);
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"oncall:{Password}")));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        _directory.Dispose();
    }

    [Theory]
    [InlineData("""{"end": "2025-03-01T13:00:00Z", "matcher": "{route=\"/a\"}"}""", "\"start\" and \"end\" are required")]
    [InlineData("""{"start": "yesterday", "end": "2025-03-01T13:00:00Z", "matcher": "{route=\"/a\"}"}""", "cannot parse \"yesterday\" to a valid timestamp for \"start\"")]
    [InlineData("""{"start": "2025-03-01T12:00:00", "end": "2025-03-01T13:00:00Z", "matcher": "{route=\"/a\"}"}""", "for \"start\"")]
    [InlineData("""{"start": 1740834000, "end": 1740834000, "matcher": "{route=\"/a\"}"}""", "end timestamp must not be before or equal to start time")]
    [InlineData("""{"start": 1740837600, "end": "2025-03-01T12:00:00Z", "matcher": "{route=\"/a\"}"}""", "end timestamp must not be before or equal to start time")]
    [InlineData("""{"start": 1740834000, "end": 1740837600}""", "\"matcher\" is required")]
    [InlineData("""{"start": 1740834000, "end": 1740837600, "matcher": "{route=\"/a\""}""", "invalid \"matcher\": column 12: unexpected end of selector")]
    [InlineData("""{"start": 1740834000, "end": 1740837600, "matcher": "{route=~\".*\"}"}""", "invalid \"matcher\": column 1: series selector must contain at least one matcher")]
    [InlineData("""{"start": 1740834000, "end": 1740837600, "matcher": "{route=~\"(?=x)\"}"}""", "invalid \"matcher\"")]
    [InlineData("""{"start": 1740834000, "end": 1740837600, "matcher": "{route=\"/a\"}", "selector": "erors"}""", "unknown selector \"erors\" (configured: errors, latency)")]
    [InlineData("""{"start": 1740834000, "end": 1740837600, "matcher": "{route=\"/a\"}", "comment": 42}""", "\"comment\" must be a string")]
    [InlineData("""{"start": 1740834000, "end": 1740837600, "matcher": "{route=\"/a\"}", "reason": "x"}""", "unknown field \"reason\"")]
    [InlineData("""[1, 2]""", "the body must be a JSON object")]
    [InlineData("""{"start": 1740834000,""", "invalid JSON body")]
    public async Task Post_BadInput_Is400BadDataSayingWhatIsWrong(string body, string expected)
    {
        using var response = await _http.PostAsync("api/v1/exclusions", new StringContent(body, Encoding.UTF8, "application/json"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("error", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("bad_data", json.RootElement.GetProperty("errorType").GetString());
        Assert.Contains(expected, json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await ListAsync()).GetArrayLength());
    }

    [Fact]
    public async Task Post_CommentTooLongOrBodyTooLarge_Is400()
    {
        var comment = new string('x', ExclusionBook.MaxCommentLength + 1);
        using var longComment = await PostAsync($$"""{"start": 1740834000, "end": 1740837600, "matcher": "{route=\"/a\"}", "comment": "{{comment}}"}""");
        using var huge = await PostAsync($$"""{"start": 1740834000, "end": 1740837600, "matcher": "{route=\"/a\"}", "comment": "{{new string('x', ExclusionEndpoints.MaxBodyBytes)}}"}""");

        Assert.Equal(HttpStatusCode.BadRequest, longComment.StatusCode);
        Assert.Contains("\\u0022comment\\u0022 is 257 characters, more than the 256 allowed", await longComment.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.Contains("65536-byte bound", await huge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_MoreThanTheBound_IsRefusedAndTheOthersStay()
    {
        for (var i = 0; i < ExclusionBook.MaxExclusions; i++)
        {
            using var ok = await PostAsync($$"""{"start": {{1740834000 + i}}, "end": 1740900000, "matcher": "{route=\"/a\"}"}""");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var refused = await PostAsync("""{"start": 1740834000, "end": 1740900000, "matcher": "{route=\"/a\"}"}""");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("already 256 exclusions", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(ExclusionBook.MaxExclusions, (await ListAsync()).GetArrayLength());
    }

    [Fact]
    public async Task Post_WithBasicAuth_RecordsTheUserOverCreatedByAndListsIt()
    {
        using var response = await PostAsync(
            """{"start": "2025-03-01T12:00:00Z", "end": 1740837600.5, "matcher": "http_errors{route=\"/a\"}", "selector": "errors", "comment": "failover", "created_by": "someone-else"}""");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var data = json.RootElement.GetProperty("data");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("success", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("oncall", data.GetProperty("created_by").GetString());
        Assert.Equal("2025-03-01T12:00:00Z", data.GetProperty("start").GetString());
        Assert.Equal("2025-03-01T14:00:00.5Z", data.GetProperty("end").GetString());
        Assert.Equal("errors", data.GetProperty("selector").GetString());
        var listed = Assert.Single((await ListAsync()).EnumerateArray());
        Assert.Equal(data.GetProperty("id").GetString(), listed.GetProperty("id").GetString());
        var metrics = await MetricsText.RenderAsync(_registry);
        Assert.Contains($"sidecar_exclusion_start_seconds{{id=\"{listed.GetProperty("id").GetString()}\",selector=\"errors\",matcher=\"http_errors{{route=\\\"/a\\\"}}\",comment=\"failover\",source=\"api\",kind=\"exclude\"}} 1740830400", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_WithoutCredentials_AreRefused()
    {
        using var anonymous = new HttpClient { BaseAddress = _http.BaseAddress };

        using var post = await anonymous.PostAsync("api/v1/exclusions", new StringContent("""{"start": 1, "end": 2, "matcher": "{a=\"b\"}"}"""));
        using var delete = await anonymous.DeleteAsync("api/v1/exclusions/x");

        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, delete.StatusCode);
        Assert.Equal(0, (await ListAsync()).GetArrayLength());
    }

    [Fact]
    public async Task Delete_UnknownId_Is404NotFound()
    {
        using var response = await _http.DeleteAsync("api/v1/exclusions/0123456789abcdef");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not_found", json.RootElement.GetProperty("errorType").GetString());
    }

    private Task<HttpResponseMessage> PostAsync(string body) =>
        _http.PostAsync("api/v1/exclusions", new StringContent(body, Encoding.UTF8, "application/json"));

    private async Task<JsonElement> ListAsync()
    {
        using var json = JsonDocument.Parse(await _http.GetStringAsync("api/v1/exclusions"));
        Assert.Equal("success", json.RootElement.GetProperty("status").GetString());
        return json.RootElement.GetProperty("data").Clone();
    }
}
