using Sidecar.RemoteRead;
using Sidecar.Series;

namespace Sidecar.Core.Tests.Series;

public sealed class SeriesCsvWriterTests
{
    [Fact]
    public async Task Write_RawSeries_QuotesTheLabelSetAndSpellsValuesAsPrometheus()
    {
        var labels = LabelSet.From(("__name__", "x"), ("path", "/a,\"b\""), ("job", "api"));
        var series = new TimeSeries(labels, [1_700_000_000_000, 1_700_000_000_123, 1_700_000_001_000, 1_700_000_002_000], [0.1, double.NaN, double.PositiveInfinity, -1e-300]);
        var text = new StringWriter();
        var writer = new SeriesCsvWriter(text);

        writer.WriteHeader();
        writer.Write(series);
        await writer.FlushAsync();

        Assert.Equal(
            "series,timestamp,value\n"
            + "\"{__name__=\"\"x\"\",job=\"\"api\"\",path=\"\"/a,\\\"\"b\\\"\"\"\"}\",2023-11-14T22:13:20.000Z,0.1\n"
            + "\"{__name__=\"\"x\"\",job=\"\"api\"\",path=\"\"/a,\\\"\"b\\\"\"\"\"}\",2023-11-14T22:13:20.123Z,NaN\n"
            + "\"{__name__=\"\"x\"\",job=\"\"api\"\",path=\"\"/a,\\\"\"b\\\"\"\"\"}\",2023-11-14T22:13:21.000Z,+Inf\n"
            + "\"{__name__=\"\"x\"\",job=\"\"api\"\",path=\"\"/a,\\\"\"b\\\"\"\"\"}\",2023-11-14T22:13:22.000Z,-1e-300\n",
            text.ToString());
    }

    [Fact]
    public async Task Write_ShapedSeries_SkipsMissingStepsAndKeepsPresentNaN()
    {
        var series = new ShapedSeries(LabelSet.From(("job", "a")), "x", new StepGrid(0, 60_000, 3), [ShapedSeries.Missing, double.NaN, -2.5]);
        var text = new StringWriter();

        var writer = new SeriesCsvWriter(text);
        writer.Write(series);
        await writer.FlushAsync();

        Assert.Equal(
            "\"{job=\"\"a\"\"}\",1970-01-01T00:01:00.000Z,NaN\n\"{job=\"\"a\"\"}\",1970-01-01T00:02:00.000Z,-2.5\n",
            text.ToString());
    }

    [Theory]
    [InlineData(1e20, "1e+20")]
    [InlineData(-1.5e-7, "-1.5e-07")]
    [InlineData(42.0, "42")]
    public void FormatValue_Exponent_IsLowerCase(double value, string expected)
    {
        Assert.Equal(expected, SeriesCsvWriter.FormatValue(value));
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(1.0 / 3)]
    [InlineData(123456789.12345679)]
    [InlineData(5e-324)]
    [InlineData(double.MaxValue)]
    public void FormatValue_Finite_RoundTripsExactly(double value)
    {
        Assert.Equal(value, double.Parse(SeriesCsvWriter.FormatValue(value), System.Globalization.CultureInfo.InvariantCulture));
    }
}
