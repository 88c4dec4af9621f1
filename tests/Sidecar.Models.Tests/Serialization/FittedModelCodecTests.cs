using Sidecar.Models.Baseline;
using Sidecar.Models.Serialization;

namespace Sidecar.Models.Tests.Serialization;

public sealed class FittedModelCodecTests
{
    public static TheoryData<ModelKind> Kinds => new() { ModelKind.Prophet, ModelKind.SeasonalBaseline, ModelKind.Ewma, ModelKind.Auto };

    private static readonly ModelOptions Rich = new()
    {
        IntervalWidth = 0.95,
        DetectionDirection = DetectionDirection.Below,
        MinDevFromExpected = 2,
        MinRelDevFromExpected = 0.05,
        TimeZone = "Europe/Berlin",
        SeasonalityMode = SeasonalityMode.Multiplicative,
        WeeklySeasonality = 0,
        Seasonalities = [new SeasonalityOptions("weekend_daily", 86400, 4, 5, SeasonalityCondition.Weekend)],
        Holidays = [new HolidayOptions("launch", [new DateOnly(2024, 1, 3)], -1, 1, 3)],
        HolidayCountries = ["DE"],
        Exclude = [new TimeRange(Synthetic.Start + Synthetic.Day, Synthetic.Start + Synthetic.Day + Synthetic.Hour)],
        EwmaHalfLifeSeconds = 1234,
        LevelShiftSeconds = 4321,
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Decode_EncodedModel_PredictsIdentically(ModelKind kind)
    {
        var ts = Synthetic.Grid(Synthetic.Start, 4 * 288, 5 * Synthetic.Minute);
        var model = ModelFitter.Fit(ts, Synthetic.Daily(ts, 3, 1), Rich with { Kind = kind });
        var future = Synthetic.Grid(ts[^1] + Synthetic.Minute, 500, 7 * Synthetic.Minute);

        var restored = FittedModelCodec.Decode(FittedModelCodec.Encode(model));

        Assert.Equal(model.Kind, restored.Kind);
        var (p0, l0, u0) = Synthetic.Predict(model, future);
        var (p1, l1, u1) = Synthetic.Predict(restored, future);
        Assert.Equal(p0, p1);
        Assert.Equal(l0, l1);
        Assert.Equal(u0, u1);
        var (a0, al0, au0) = Synthetic.PredictAhead(model, future);
        var (a1, al1, au1) = Synthetic.PredictAhead(restored, future);
        Assert.Equal(a0, a1);
        Assert.Equal(al0, al1);
        Assert.Equal(au0, au1);
    }

    [Fact]
    public void Decode_EncodedModel_KeepsEveryOption()
    {
        var ts = Synthetic.Grid(Synthetic.Start, 100, Synthetic.Minute);
        var model = ModelFitter.Fit(ts, Synthetic.Daily(ts, 1, 2), Rich with { Kind = ModelKind.Ewma });

        var options = FittedModelCodec.Decode(FittedModelCodec.Encode(model)).Options;

        // records compare lists by reference: compare every property's value explicitly
        foreach (var property in typeof(ModelOptions).GetProperties())
        {
            var expected = property.GetValue(Rich with { Kind = ModelKind.Ewma });
            var actual = property.GetValue(options);
            if (expected is System.Collections.IEnumerable list and not string)
            {
                Assert.Equal(Flatten(list), Flatten((System.Collections.IEnumerable)actual!));
            }
            else
            {
                Assert.Equal(expected, actual);
            }
        }
    }

    [Fact]
    public void Decode_EveryTruncation_ThrowsModelFormatException()
    {
        var ts = Synthetic.Grid(Synthetic.Start, 3 * 288, 5 * Synthetic.Minute);
        var bytes = FittedModelCodec.Encode(ModelFitter.Fit(ts, Synthetic.Daily(ts, 3, 3), Rich with { Kind = ModelKind.Prophet }));

        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<ModelFormatException>(() => FittedModelCodec.Decode(bytes.AsSpan(0, length)));
        }
    }

    [Fact]
    public void Decode_BadMagicVersionOrTrailingBytes_ThrowsModelFormatException()
    {
        var ts = Synthetic.Grid(Synthetic.Start, 100, Synthetic.Minute);
        var bytes = FittedModelCodec.Encode(ModelFitter.Fit(ts, Synthetic.Daily(ts, 1, 4), new ModelOptions { Kind = ModelKind.Ewma }));

        var magic = (byte[])bytes.Clone();
        magic[0] ^= 0xFF;
        var version = (byte[])bytes.Clone();
        version[4] = 99;
        var zero = (byte[])bytes.Clone();
        zero[4] = 0;
        byte[] trailing = [.. bytes, 0];

        Assert.Throws<ModelFormatException>(() => FittedModelCodec.Decode(magic));
        Assert.Contains("version 99", Assert.Throws<ModelFormatException>(() => FittedModelCodec.Decode(version)).Message);
        Assert.Contains("version 0", Assert.Throws<ModelFormatException>(() => FittedModelCodec.Decode(zero)).Message);
        Assert.Throws<ModelFormatException>(() => FittedModelCodec.Decode(trailing));
    }

    [Fact]
    public void Decode_ZoneNamingAFolderOfZones_ThrowsModelFormatException()
    {
        // Found by the model-codec fuzz target: the zone "US/" escaped Decode as a SecurityException.
        var ts = Synthetic.Grid(Synthetic.Start, 2 * 288, 5 * Synthetic.Minute);
        var bytes = FittedModelCodec.Encode(ModelFitter.Fit(ts, Synthetic.Daily(ts, 1, 4), new ModelOptions { Kind = ModelKind.Prophet, TimeZone = "Europe/Berlin" }));
        byte[] zone = [13, 0, 0, 0, .. "Europe/Berlin"u8];
        byte[] folder = [3, 0, 0, 0, .. "US/"u8];
        Assert.True(bytes.AsSpan().IndexOf(zone) >= 0);
        for (var at = bytes.AsSpan().IndexOf(zone); at >= 0; at = bytes.AsSpan().IndexOf(zone))
        {
            bytes = [.. bytes[..at], .. folder, .. bytes[(at + zone.Length)..]];
        }

        Assert.Throws<ModelFormatException>(() => FittedModelCodec.Decode(bytes));
    }

    [Fact]
    public void Decode_HugeDeclaredLength_ThrowsWithoutAllocating()
    {
        var ts = Synthetic.Grid(Synthetic.Start, 100, Synthetic.Minute);
        var bytes = FittedModelCodec.Encode(ModelFitter.Fit(ts, Synthetic.Daily(ts, 1, 5), new ModelOptions { Kind = ModelKind.Ewma }));
        // the options record's length follows magic, version and kind (4 + 4 + 1 bytes)
        BitConverter.TryWriteBytes(bytes.AsSpan(9, 4), int.MaxValue);

        var e = Assert.Throws<ModelFormatException>(() => FittedModelCodec.Decode(bytes));
        Assert.Contains("exceeds", e.Message);
    }

    [Fact]
    public void Decode_UnknownOptionNames_AreSkipped()
    {
        var ts = Synthetic.Grid(Synthetic.Start, 3 * 288, 5 * Synthetic.Minute);
        var model = ModelFitter.Fit(ts, Synthetic.Daily(ts, 3, 6), Rich with { Kind = ModelKind.SeasonalBaseline });
        var bytes = RewriteOptions(FittedModelCodec.Encode(model), _ => true, w =>
        {
            w.DoubleField("an_option_from_the_future", 42);
            w.RecordsField("future_records", [1, 2], (f, i) => f.IntField("i", i));
            w.RecordField("future_record", f => f.StringField("x", "y"));
        });

        var restored = FittedModelCodec.Decode(bytes);

        Assert.Equal(Flatten(new[] { model.Options }), Flatten(new[] { restored.Options }));
        var (p0, l0, u0) = Synthetic.Predict(model, ts[^10..]);
        var (p1, l1, u1) = Synthetic.Predict(restored, ts[^10..]);
        Assert.Equal(p0, p1);
        Assert.Equal(l0, l1);
        Assert.Equal(u0, u1);
    }

    [Theory]
    [InlineData("level_shift_seconds")]
    [InlineData("ewma_half_life_seconds")]
    [InlineData("weekly_seasonality")]
    [InlineData("seasonalities")]
    [InlineData("holiday_countries")]
    public void Decode_MissingOption_TakesItsDefault(string missing)
    {
        var ts = Synthetic.Grid(Synthetic.Start, 100, Synthetic.Minute);
        var model = ModelFitter.Fit(ts, Synthetic.Daily(ts, 1, 7), Rich with { Kind = ModelKind.Ewma });
        var bytes = RewriteOptions(FittedModelCodec.Encode(model), name => name != missing, _ => { });

        var options = FittedModelCodec.Decode(bytes).Options;

        var property = typeof(ModelOptions).GetProperties().Single(p => SnakeCase(p.Name) == missing);
        var expected = property.GetValue(new ModelOptions());
        var actual = property.GetValue(options);
        if (expected is System.Collections.IEnumerable list and not string)
        {
            Assert.Equal(Flatten(list), Flatten((System.Collections.IEnumerable)actual!));
        }
        else
        {
            Assert.Equal(expected, actual);
        }

        Assert.Equal(Rich.IntervalWidth, options.IntervalWidth);
    }

    [Fact]
    public void Decode_KnownOptionOfAnotherType_ThrowsModelFormatException()
    {
        var ts = Synthetic.Grid(Synthetic.Start, 100, Synthetic.Minute);
        var model = ModelFitter.Fit(ts, Synthetic.Daily(ts, 1, 8), new ModelOptions { Kind = ModelKind.Ewma });
        var bytes = RewriteOptions(FittedModelCodec.Encode(model), name => name != "interval_width", w => w.StringField("interval_width", "wide"));

        var e = Assert.Throws<ModelFormatException>(() => FittedModelCodec.Decode(bytes));
        Assert.Contains("interval_width", e.Message);
    }

    [Fact]
    public void Decode_UnknownEnumMember_ThrowsModelFormatException()
    {
        var ts = Synthetic.Grid(Synthetic.Start, 100, Synthetic.Minute);
        var model = ModelFitter.Fit(ts, Synthetic.Daily(ts, 1, 9), new ModelOptions { Kind = ModelKind.Ewma });
        var bytes = RewriteOptions(FittedModelCodec.Encode(model), name => name != "growth", w => w.StringField("growth", "1"));

        Assert.Throws<ModelFormatException>(() => FittedModelCodec.Decode(bytes));
    }

    [Fact]
    public void Encode_WritesTheCurrentFormatVersion()
    {
        var ts = Synthetic.Grid(Synthetic.Start, 100, Synthetic.Minute);
        var bytes = FittedModelCodec.Encode(ModelFitter.Fit(ts, Synthetic.Daily(ts, 1, 4), new ModelOptions { Kind = ModelKind.Ewma }));

        Assert.Equal(6, FittedModelCodec.FormatVersion);
        Assert.Equal(FittedModelCodec.FormatVersion, BitConverter.ToInt32(bytes, 4));
    }

    [Fact]
    public void Decode_Format3Band_ReadsWithNoWideningAhead()
    {
        // a random walk: the v5 band widens ahead. The same bytes without the sustained limits, fit end and factors
        // (the band is the last thing an EWMA model writes), labelled format 3, are a model of before the widening.
        var ts = Synthetic.Grid(Synthetic.Start, 7 * 288, 5 * Synthetic.Minute);
        var steps = Synthetic.Gaussian(ts.Length, 11);
        var values = new double[ts.Length];
        for (var i = 1; i < values.Length; i++)
        {
            values[i] = values[i - 1] + steps[i];
        }

        var model = ModelFitter.Fit(ts, values, new ModelOptions { Kind = ModelKind.Ewma });
        var bytes = FittedModelCodec.Encode(model);
        var factors = BitConverter.ToInt32(bytes, bytes.Length - 4 - (8 * 4));
        Assert.Equal(4, factors);
        var v3 = bytes[..^(16 + 8 + 4 + (8 * factors))];
        BitConverter.GetBytes(3).CopyTo(v3, 4);
        long[] ahead = [ts[^1] + Synthetic.Hour, ts[^1] + (48 * Synthetic.Hour)];

        var (_, l5, u5) = Synthetic.PredictAhead(model, ahead);
        var (_, l3, u3) = Synthetic.PredictAhead(FittedModelCodec.Decode(v3), ahead);

        Assert.Equal(u5[0] - l5[0], u3[0] - l3[0], 12);
        Assert.Equal(u3[0] - l3[0], u3[1] - l3[1], 12);
        Assert.True(u5[1] - l5[1] > 1.5 * (u3[1] - l3[1]));
    }

    [Fact]
    public void Decode_Format4Band_KeepsItsSustainedLimitsWithNoWideningAhead()
    {
        // format 4 is format 5 without the fit end and factors at the band's end (the last thing an EWMA model writes)
        var ts = Synthetic.Grid(Synthetic.Start, 7 * 288, 5 * Synthetic.Minute);
        var model = ModelFitter.Fit(ts, Synthetic.Daily(ts, 7, 4), new ModelOptions { Kind = ModelKind.Ewma });
        var bytes = FittedModelCodec.Encode(model);
        var factors = BitConverter.ToInt32(bytes, bytes.Length - 4 - (8 * 4));
        var v4 = bytes[..^(8 + 4 + (8 * factors))];
        BitConverter.GetBytes(4).CopyTo(v4, 4);
        long[] ahead = [ts[^1] + (48 * Synthetic.Hour)];

        var restored = FittedModelCodec.Decode(v4);
        var (_, l, u) = Synthetic.Predict(restored, ahead);
        var (_, la, ua) = Synthetic.PredictAhead(restored, ahead);

        Assert.True(double.IsFinite(model.SustainedLimits.Low));
        Assert.Equal(model.SustainedLimits, restored.SustainedLimits);
        Assert.Equal(u[0] - l[0], ua[0] - la[0], 12);
    }

    [Fact]
    public void Decode_ProfileWithNights_PredictsIdenticallyAndIsNoFormat5()
    {
        // two weeks from a Monday: working days 10, weekends 20, Friday 22:00 to Saturday 02:00 at 30, so the
        // weekday/weekend profile keeps the night between them (format 6)
        var ts = Synthetic.Grid(Synthetic.Start, 14 * 288, 5 * Synthetic.Minute);
        var z = Synthetic.Gaussian(ts.Length, 12);
        var values = ts.Select((t, i) =>
        {
            var dow = (int)(((t / Synthetic.Day) + 4) % 7); // 0 = Sunday
            var h = Synthetic.UtcHour(t);
            var level = (dow == 5 && h >= 22) || (dow == 6 && h < 2) ? 30 : dow is 0 or 6 ? 20 : 10;
            return level + (0.3 * z[i]);
        }).ToArray();
        var model = (SeasonalBaselineModel)ModelFitter.Fit(ts, values, new ModelOptions { Kind = ModelKind.SeasonalBaseline });
        var bytes = FittedModelCodec.Encode(model);
        var future = Synthetic.Grid(ts[^1] + Synthetic.Minute, 7 * 288, 5 * Synthetic.Minute);

        var restored = (SeasonalBaselineModel)FittedModelCodec.Decode(bytes);

        Assert.True(model.Profile!.HasNights);
        Assert.True(restored.Profile!.HasNights);
        var (p0, l0, u0) = Synthetic.Predict(model, future);
        var (p1, l1, u1) = Synthetic.Predict(restored, future);
        Assert.Equal(p0, p1);
        Assert.Equal(l0, l1);
        Assert.Equal(u0, u1);
        // a format-5 reader knew no nights: the same bytes labelled 5 are a malformed profile, not a misread one
        BitConverter.GetBytes(5).CopyTo(bytes, 4);
        var error = Assert.Throws<ModelFormatException>(() => FittedModelCodec.Decode(bytes));
        Assert.Contains("seasonal profile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_HorizonFactorBelowOne_ThrowsModelFormatException()
    {
        var ts = Synthetic.Grid(Synthetic.Start, 7 * 288, 5 * Synthetic.Minute);
        var bytes = FittedModelCodec.Encode(ModelFitter.Fit(ts, Synthetic.Daily(ts, 1, 4), new ModelOptions { Kind = ModelKind.Ewma }));
        BitConverter.GetBytes(0.5).CopyTo(bytes, bytes.Length - 8);

        Assert.Contains("horizon factors", Assert.Throws<ModelFormatException>(() => FittedModelCodec.Decode(bytes)).Message);
    }

    [Fact]
    public void Decode_RandomGarbage_NeverThrowsAnythingElse()
    {
        var rnd = new Random(7);
        var ts = Synthetic.Grid(Synthetic.Start, 3 * 288, 5 * Synthetic.Minute);
        var bytes = FittedModelCodec.Encode(ModelFitter.Fit(ts, Synthetic.Daily(ts, 3, 3), Rich with { Kind = ModelKind.Prophet }));
        for (var trial = 0; trial < 300; trial++)
        {
            var copy = (byte[])bytes.Clone();
            for (var k = 0; k < 3; k++)
            {
                copy[8 + rnd.Next(copy.Length - 8)] = (byte)rnd.Next(256);
            }

            try
            {
                FittedModelCodec.Decode(copy);
            }
            catch (ModelFormatException)
            {
                // the typed error is the only acceptable failure
            }
        }
    }

    /// <summary>
    /// Re-encodes the options record of <paramref name="bytes"/> (format 2: magic, version, kind, then the record)
    /// keeping the fields <paramref name="keep"/> accepts and appending what <paramref name="extra"/> writes.
    /// </summary>
    private static byte[] RewriteOptions(byte[] bytes, Func<string, bool> keep, Action<FieldWriter> extra)
    {
        const int recordAt = 4 + 4 + 1;
        var length = BitConverter.ToInt32(bytes, recordAt);
        var record = bytes.AsSpan(recordAt + 4, length).ToArray();
        var w = new FieldWriter();
        w.Raw(bytes.AsSpan(0, recordAt));
        w.Record(f =>
        {
            var r = new FieldReader(record);
            while (r.Remaining > 0)
            {
                var start = r.Position;
                var name = r.String();
                _ = r.Byte();
                _ = r.Raw(r.Count(1));
                if (keep(name))
                {
                    f.Raw(record.AsSpan(start, r.Position - start));
                }
            }

            extra(f);
        });
        w.Raw(bytes.AsSpan(recordAt + 4 + length));
        return w.ToArray();
    }

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));

    private static List<string> Flatten(System.Collections.IEnumerable list)
    {
        var items = new List<string>();
        foreach (var item in list)
        {
            items.Add(item switch
            {
                ModelOptions o => string.Join(";", typeof(ModelOptions).GetProperties().Select(p => p.GetValue(o) is System.Collections.IEnumerable e and not string ? string.Join(",", Flatten(e)) : p.GetValue(o)?.ToString())),
                HolidayOptions h => $"{h.Name}|{string.Join(",", h.Dates)}|{h.LowerWindow}|{h.UpperWindow}|{h.PriorScale}",
                _ => item?.ToString() ?? "null",
            });
        }

        return items;
    }
}
