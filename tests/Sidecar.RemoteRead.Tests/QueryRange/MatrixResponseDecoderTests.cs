using System.Text;
using Sidecar.RemoteRead.QueryRange;

namespace Sidecar.RemoteRead.Tests.QueryRange;

public class MatrixResponseDecoderTests
{
    private static List<TimeSeries> Decode(string json, long maxPoints = 1_000_000) =>
        MatrixResponseDecoder.Decode(Encoding.UTF8.GetBytes(json), maxPoints, out _);

    private static string Matrix(string result) => $$$"""{"status":"success","data":{"resultType":"matrix","result":[{{{result}}}]}}""";

    [Fact]
    public void Decode_Matrix_ReadsLabelsMillisecondTimestampsAndEveryValueSpelling()
    {
        var series = Decode(Matrix("""
            {"metric":{"job":"api","__name__":"up"},"values":[[1700000000,"1"],[1700000000.5,"NaN"],[1700000001.25,"+Inf"],
              [1700000002.001,"-Inf"],[1700000003,"-0.5"],[1700000004,"1e+300"],[1700000005,"0.1"]]},
            {"metric":{},"values":[[1,"2"]]}
            """));

        Assert.Equal(2, series.Count);
        Assert.Equal(LabelSet.From(("__name__", "up"), ("job", "api")), series[0].Labels);
        Assert.Equal([1700000000000L, 1700000000500, 1700000001250, 1700000002001, 1700000003000, 1700000004000, 1700000005000], series[0].TimestampsMs);
        Assert.Equal([1, double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.5, 1e300, 0.1], series[0].Values);
        Assert.Equal(LabelSet.Empty, series[1].Labels);
    }

    [Fact]
    public void Decode_UnknownKeysWarningsAndHistograms_AreSkipped_EmptySeriesOmitted()
    {
        var series = Decode("""
            {"status":"success","warnings":["partial"],"infos":["x"],"data":{"result":[
              {"metric":{"a":"1"},"histograms":[[1,{"count":"3","sum":"1","buckets":[[0,"0","1","3"]]}]]},
              {"metric":{"a":"2"},"values":[[1,"5"]],"histograms":[[2,{"count":"1"}]]}],"resultType":"matrix","stats":{"x":[1,2]}}}
            """);

        var only = Assert.Single(series);
        Assert.Equal("2", only.Labels.Get("a"));
        Assert.Equal([5.0], only.Values);
    }

    public static TheoryData<string, string> Malformed() => new()
    {
        { """{"status":"error","errorType":"bad_data","error":"parse error at char 3"}""", "query_range failed: bad_data: parse error at char 3" },
        { """{"status":"success","data":{"resultType":"vector","result":[]}}""", "resultType \"vector\", expected \"matrix\"" },
        { """{"status":"success","data":{"resultType":"matrix"}}""", "no data.result" },
        { """{"status":"success"}""", "resultType \"(none)\"" },
        { Matrix("""{"metric":{},"values":[[2,"1"],[1,"2"]]}"""), "does not ascend" },
        { Matrix("""{"metric":{},"values":[[1,"1"],[1,"2"]]}"""), "does not ascend" },
        { Matrix("""{"metric":{},"values":[[1,"abc"]]}"""), "\"abc\" is not a sample value" },
        { Matrix("""{"metric":{},"values":[[1," 1"]]}"""), "is not a sample value" },
        { Matrix("""{"metric":{},"values":[[1,"Infinity"]]}"""), "is not a sample value" },
        { Matrix("""{"metric":{},"values":[[1,1]]}"""), "expected a string" },
        { Matrix("""{"metric":{},"values":[["1","1"]]}"""), "expected [unix seconds, \"value\"]" },
        { Matrix("""{"metric":{},"values":[[1,"1",3]]}"""), "expected [unix seconds, \"value\"]" },
        { Matrix("""{"metric":{"a":1},"values":[]}"""), "metric.a: expected a string" },
        { Matrix("""{"metric":{"a":"1"},"values":[[1,"1"]]},{"metric":{"a":"1"},"values":[[2,"1"]]}"""), "appears twice" },
        { Matrix("""{"metric":{},"values":[[1,"1"]"""), "not valid JSON" },
        { "", "not valid JSON" },
        { "[]", "the response: expected StartObject" },
        { """{"status":"success","x":""" + new string('[', 100), "maximum configured depth of 16" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Decode_Malformed_ThrowsProtocolErrorSayingWhat(string json, string message)
    {
        var e = Assert.Throws<RemoteReadProtocolException>(() => Decode(json));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_MorePointsThanTheBound_ThrowsLimitError()
    {
        var e = Assert.Throws<RemoteReadLimitException>(() => Decode(Matrix("""{"metric":{},"values":[[1,"1"],[2,"1"],[3,"1"]]}"""), maxPoints: 2));

        Assert.Equal("max_samples_per_request", e.LimitName);
    }
}
