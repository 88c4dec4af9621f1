using Sidecar.Tools.Demo;
using Sidecar.Testing;

namespace Sidecar.Tools.Tests.Demo;

public sealed class OpenMetricsBlockWriterTests : IDisposable
{
    private readonly TempDirectory _temp = new("sidecar-om-");
    private readonly string _directory;

    public OpenMetricsBlockWriterTests()
    {
        _directory = _temp.File("out");
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Write_Window_TypedFamiliesSecondsTimestampsAndEofLast()
    {
        var series = SampleSeriesCatalog.Build(3, seed: 1);
        var window = new SampleWindow(1_764_165_600, [1_764_165_600, 1_764_165_660], [[10, 12], [0, 1], [5, 4]]);

        var path = new OpenMetricsBlockWriter(_directory, series).Write(window);
        var lines = File.ReadAllText(path).Split('\n');

        Assert.Equal("block-20251126T1400Z.om", Path.GetFileName(path));
        Assert.Equal(
            [
                "# HELP http_requests Requests served by the API, by route and status code (sample data).",
                "# TYPE http_requests counter",
                "http_requests_total{code=\"200\",instance=\"api-0:8080\",job=\"api\",route=\"/api/v1/messages\"} 10 1764165600",
                "http_requests_total{code=\"200\",instance=\"api-0:8080\",job=\"api\",route=\"/api/v1/messages\"} 12 1764165660",
                "http_requests_total{code=\"500\",instance=\"api-0:8080\",job=\"api\",route=\"/api/v1/messages\"} 0 1764165600",
                "http_requests_total{code=\"500\",instance=\"api-0:8080\",job=\"api\",route=\"/api/v1/messages\"} 1 1764165660",
                "# HELP queue_depth Messages waiting in the worker's queue (sample data).",
                "# TYPE queue_depth gauge",
                "queue_depth{instance=\"worker-0:9100\",job=\"worker\"} 5 1764165600",
                "queue_depth{instance=\"worker-0:9100\",job=\"worker\"} 4 1764165660",
                "# EOF",
                "",
            ],
            lines);
    }

    [Fact]
    public void DeleteStaleFiles_EarlierBlocksAndOtherFiles_DeletesOnlyBlocks()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, "block-20200101T0000Z.om"), "# EOF\n");
        File.WriteAllText(Path.Combine(_directory, "notes.txt"), "keep");

        new OpenMetricsBlockWriter(_directory, SampleSeriesCatalog.Build(2, seed: 1)).DeleteStaleFiles();

        Assert.Equal(["notes.txt"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }
}
