using Sidecar.Text;

namespace Sidecar.Core.Tests.Text;

public sealed class SnakeCaseTests
{
    [Theory]
    [InlineData("IntervalWidth", "interval_width")]
    [InlineData("NChangepoints", "n_changepoints")]
    [InlineData("SeasonalBaseline", "seasonal_baseline")]
    [InlineData("Ewma", "ewma")]
    [InlineData("DurationSeconds", "duration_seconds")]
    [InlineData("durationSeconds", "duration_seconds")]
    [InlineData("already_snake", "already_snake")]
    [InlineData("Already_Snake", "already_snake")]
    [InlineData("HTTPStatus", "http_status")]
    [InlineData("URL", "url")]
    [InlineData("Fourier2Order", "fourier2_order")]
    [InlineData("", "")]
    public void From_Name_IsLowerSnake(string name, string expected)
    {
        Assert.Equal(expected, SnakeCase.From(name));
    }
}
