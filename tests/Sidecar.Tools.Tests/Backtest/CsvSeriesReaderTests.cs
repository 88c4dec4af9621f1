using System.IO.Compression;
using Sidecar.Tools.Backtest;
using Sidecar.Testing;

namespace Sidecar.Tools.Tests.Backtest;

public sealed class CsvSeriesReaderTests
{
    private static CsvSeries Read(string text) => CsvSeriesReader.Read(new StringReader(text), "in.csv");

    [Fact]
    public void Read_NabStyle_TimestampsValuesAndVerbatimTexts()
    {
        var s = Read("timestamp,value\n2014-07-01 00:00:00,10844\n2014-07-01 00:30:00,8127.5\n");

        Assert.Equal(2, s.Count);
        Assert.Equal(["2014-07-01 00:00:00", "2014-07-01 00:30:00"], s.TimestampTexts);
        Assert.Equal(["10844", "8127.5"], s.ValueTexts);
        Assert.Equal([10844, 8127.5], s.Values);
        Assert.Equal(1404172800000L, s.TimestampsMs[0]);
        Assert.Empty(s.Anomalous);
    }

    [Fact]
    public void Read_EmptyOrNanValue_ForecastRow()
    {
        var s = Read("timestamp,value\n1,1\n2,\n3,NaN\n4, \n");

        Assert.Equal(1, s.Values[0]);
        Assert.True(double.IsNaN(s.Values[1]));
        Assert.True(double.IsNaN(s.Values[2]));
        Assert.True(double.IsNaN(s.Values[3]));
    }

    [Fact]
    public void Read_LabelColumnAnywhere_FlagsAnomalousRowsAndIgnoresOtherColumns()
    {
        var s = Read("timestamp,value,extra,Label\n1,5,x,0\n2,6,y,1\n3,7,z,\n");

        Assert.Equal([false, true, false], s.Anomalous);
        Assert.Equal([5, 6, 7], s.Values);
    }

    [Fact]
    public void Read_QuotedFieldsWindowsLineEndsAndBlankLines_Accepted()
    {
        var s = Read("\uFEFFtimestamp,value\r\n\"2014-07-01T00:00:00Z\",\"1,5\"\r\n\r\n2014-07-01T00:01:00Z,2\r\n".Replace("\"1,5\"", "\"1.5\"", StringComparison.Ordinal));

        Assert.Equal(2, s.Count);
        Assert.Equal("\"2014-07-01T00:00:00Z\"", s.TimestampTexts[0]);
        Assert.Equal(1.5, s.Values[0]);
    }

    [Theory]
    [InlineData("timestamp,value\n1,1\nnot-a-time,2\n", "in.csv:3: cannot parse timestamp 'not-a-time'")]
    [InlineData("timestamp,value\n1,1\n2,abc\n", "in.csv:3: cannot parse value 'abc'")]
    [InlineData("timestamp,value\n1\n", "in.csv:2: expected at least 2 columns")]
    [InlineData("", "in.csv:1: empty file")]
    [InlineData("timestamp\n", "in.csv:1: header has 1 column")]
    [InlineData("timestamp,value,label\n1,1,maybe\n", "in.csv:2: cannot parse label 'maybe'")]
    [InlineData("timestamp,value\n\"1,1\n", "in.csv:2: unterminated quoted field")]
    public void Read_BadRow_ErrorNamesFileAndLine(string text, string expectedStart)
    {
        var e = Assert.Throws<CsvFormatException>(() => Read(text));

        Assert.StartsWith(expectedStart, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RowsOutOfTimeOrder_KeptInRowOrder()
    {
        var s = Read("timestamp,value\n5,1\n4,2\n4,3\n");

        Assert.Equal([5000L, 4000L, 4000L], s.TimestampsMs);
    }

    [Fact]
    public void Read_GzipFile_Decompressed()
    {
        using var dir = new TempDirectory("sidecar-csv-");
        string path = dir.File("series.csv.gz");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        using (var w = new StreamWriter(gz))
        {
            w.Write("timestamp,value,label\n1500012900,37.15,0\n1500012960,36.74,1\n");
        }

        var s = CsvSeriesReader.Read(path);

        Assert.Equal([37.15, 36.74], s.Values);
        Assert.Equal([false, true], s.Anomalous);
    }
}
