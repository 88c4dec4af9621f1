using Sidecar.Tools.Backtest;
using Sidecar.Models.Evaluation;

namespace Sidecar.Tools.Tests.Backtest;

public sealed class BacktestCsvWriterTests
{
    [Theory]
    [InlineData("2014-07-01 00:00:00", "2014-07-01 00:05:00", "2014-07-01 00:10:00")]
    [InlineData("2014-07-01T00:00:00Z", "2014-07-01T00:05:00Z", "2014-07-01T00:10:00Z")]
    [InlineData("2014-07-01T02:00:00+02:00", "2014-07-01T02:05:00+02:00", "2014-07-01T00:10:00Z")]
    [InlineData("2014-07-01T00:00:00.500", "2014-07-01T00:05:00.500", "2014-07-01 00:10:00.5")]
    [InlineData("1404172800", "1404173100", "1404173400")]
    [InlineData("1404172800.0", "1404173100.0", "1404173400.000")]
    public void Write_AnyTimestampFormat_TimestampAndValueTextsRoundTripVerbatim(string first, string second, string third)
    {
        string input = $"timestamp,value\n{first},010.50\n{second}, 10.5\n{third},\n";
        var series = CsvSeriesReader.Read(new StringReader(input), "x.csv");
        var options = new ReplayOptions { MinHistory = TimeSpan.Zero, FitEvery = TimeSpan.FromMinutes(1) };
        var replay = CausalReplay.Run(series.TimestampsMs, series.Values, options, MeanModel.Fit);

        var output = new StringWriter();
        BacktestCsvWriter.Write(output, series, replay);
        string[] lines = output.ToString().Split('\n');

        Assert.Equal(BacktestCsvWriter.Header, lines[0]);
        Assert.Equal($"{first},010.50,,,,0,0", lines[1]);
        Assert.StartsWith($"{second}, 10.5,10.5,", lines[2], StringComparison.Ordinal);
        Assert.StartsWith($"{third},,10.5,", lines[3], StringComparison.Ordinal);
        Assert.Equal(7, lines[2].Split(',').Length);
        Assert.Equal(5, lines.Length); // header, 3 rows, final newline
    }

    [Theory]
    [InlineData(double.NaN, "")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-300, "1E-300")]
    [InlineData(123456789.125, "123456789.125")]
    public void Format_Number_ShortestRoundTripOrEmpty(double value, string expected)
    {
        Assert.Equal(expected, BacktestCsvWriter.Format(value));
    }
}
