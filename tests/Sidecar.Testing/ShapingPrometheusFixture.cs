using Sidecar.Series;
using Xunit;

namespace Sidecar.Testing;

/// <summary>One real Prometheus holding <see cref="ShapingDataset"/>, shared by the tests of a class.</summary>
public sealed class ShapingPrometheusFixture : IAsyncLifetime
{
    public ShapingPrometheusFixture()
    {
        // Whole minutes, far enough in the past that no sample is in the future.
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Data = new ShapingDataset(StepGrid.AlignDown(now, ShapingDataset.Minute) - 7 * ShapingDataset.Hour);
    }

    public ShapingDataset Data { get; }

    public PrometheusServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PrometheusServer.StartAsync(Data.All);

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
