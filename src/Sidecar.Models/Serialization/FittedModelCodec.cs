using Sidecar.Models.Baseline;
using Sidecar.Models.Ewma;
using Sidecar.Models.Features;
using Sidecar.Models.Prophet;

namespace Sidecar.Models.Serialization;

/// <summary>
/// Versioned binary form of fitted models, so they survive restarts: magic <c>SCFM</c>, a format version, the
/// model kind, the options it was fitted with, then the kind's parameters. Bytes in, bytes out (the service
/// adds checksums and atomic files). Reading rejects anything malformed with <see cref="ModelFormatException"/>.
/// Format 2 stores the options by name (<see cref="OptionsCodec"/>), so options added later read with their
/// defaults; format 1 (by position, until commit 3a4a128) is still read. The parameters stay binary in both. Format 3
/// adds the band's floor, format 4 its sustained-deviation limits, format 5 its fit end and horizon factors (its
/// widening ahead), format 6 a weekday/weekend profile's nights between working days and days off.
/// Pure; thread-safe.
/// </summary>
public static class FittedModelCodec
{
    /// <summary>The format version written; every earlier one down to <see cref="OldestReadableVersion"/> is read too.</summary>
    public const int FormatVersion = 6;

    /// <summary>The oldest format version read.</summary>
    public const int OldestReadableVersion = 1;

    private static ReadOnlySpan<byte> Magic => "SCFM"u8;

    /// <summary>Encodes a model returned by <see cref="ModelFitter"/> or <see cref="FitGrid"/>.</summary>
    /// <exception cref="ArgumentException">The model was not produced by this library.</exception>
    public static byte[] Encode(IFittedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var w = new FieldWriter();
        foreach (var b in Magic)
        {
            w.Byte(b);
        }

        w.Int(FormatVersion);
        w.Byte((byte)model.Kind);
        OptionsCodec.Write(w, model.Options);
        switch (model)
        {
            case ProphetModel p:
                ComponentCodec.WriteSpec(w, p.Spec);
                w.Doubles(p.Beta);
                w.Bool(p.TrendForSeasonality is not null);
                w.Doubles(p.TrendForSeasonality ?? []);
                w.Double(p.YScale);
                w.Double(p.Offset);
                ComponentCodec.WriteBand(w, p.Band);
                break;
            case SeasonalBaselineModel b:
                w.String(b.TimeZone);
                w.Bool(b.Profile is not null);
                w.Byte((byte)(b.Profile?.Grouping ?? DayGrouping.AllDays));
                w.Int(b.Profile?.SlotsPerDay ?? 0);
                w.Doubles(b.Profile?.Slots ?? []);
                w.Longs(b.Profile?.HolidayDays ?? []);
                w.Double(b.Trend.SlopePerDay);
                w.Long(b.Trend.AnchorMs);
                w.Double(b.Offset);
                ComponentCodec.WriteBand(w, b.Band);
                break;
            case EwmaModel e:
                w.Double(e.Level);
                ComponentCodec.WriteBand(w, e.Band);
                break;
            default:
                throw new ArgumentException($"cannot encode a {model.GetType().Name}: not a model of this library", nameof(model));
        }

        return w.ToArray();
    }

    /// <summary>Decodes bytes written by <see cref="Encode"/>.</summary>
    /// <exception cref="ModelFormatException">Wrong magic, a format version not read, truncated, trailing or inconsistent data.</exception>
    public static IFittedModel Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length < Magic.Length || !data[..Magic.Length].SequenceEqual(Magic))
        {
            throw new ModelFormatException("not a fitted model (bad magic)");
        }

        var r = new FieldReader(data[Magic.Length..]);
        var version = r.Int();
        if (version is < OldestReadableVersion or > FormatVersion)
        {
            throw new ModelFormatException($"unsupported model format version {version} (this build reads {OldestReadableVersion} to {FormatVersion})");
        }

        var kind = r.Enum<ModelKind>();
        ModelOptions options;
        try
        {
            options = version == 1 ? OptionsCodecV1.Read(ref r) : OptionsCodec.Read(ref r);
        }
        catch (ArgumentException e)
        {
            throw new ModelFormatException("invalid options in model", e);
        }

        IFittedModel model = kind switch
        {
            ModelKind.Prophet => ReadProphet(ref r, options, version),
            ModelKind.SeasonalBaseline => ReadBaseline(ref r, options, version),
            ModelKind.Ewma => new EwmaModel(options, r.Double(), ComponentCodec.ReadBand(ref r, version)),
            _ => throw new ModelFormatException($"model kind {kind} cannot be stored"),
        };

        if (r.Remaining != 0)
        {
            throw new ModelFormatException($"{r.Remaining} unexpected trailing bytes");
        }

        return model;
    }

    private static SeasonalBaselineModel ReadBaseline(ref FieldReader r, ModelOptions options, int version)
    {
        var zone = r.String();
        try
        {
            _ = LocalClock.For(zone);
        }
        catch (ArgumentException e)
        {
            throw new ModelFormatException("invalid time zone in model", e);
        }

        var hasProfile = r.Bool();
        var grouping = r.Enum<DayGrouping>();
        var slotsPerDay = r.Int();
        var slots = r.Doubles();
        var holidays = r.Longs();
        for (var k = 1; k < holidays.Length; k++)
        {
            if (holidays[k] <= holidays[k - 1])
            {
                throw new ModelFormatException("holiday days of a seasonal profile are not sorted");
            }
        }

        if (hasProfile && (slotsPerDay <= 0 || (slots.Length != slotsPerDay * SeasonalProfile.ProfileCategories(grouping, nights: false) && (version < 6 || slots.Length != slotsPerDay * SeasonalProfile.ProfileCategories(grouping, nights: true)))))
        {
            throw new ModelFormatException($"invalid seasonal profile ({grouping}, {slotsPerDay} slots a day, {slots.Length} values)");
        }

        var profile = hasProfile ? new SeasonalProfile(grouping, slotsPerDay, slots, holidays) : null;
        var trend = new BaselineTrend(r.Double(), r.Long());
        return new SeasonalBaselineModel(options, zone, profile, trend, r.Double(), ComponentCodec.ReadBand(ref r, version));
    }

    private static ProphetModel ReadProphet(ref FieldReader r, ModelOptions options, int version)
    {
        FeatureSpec spec;
        try
        {
            spec = ComponentCodec.ReadSpec(ref r);
        }
        catch (ArgumentException e)
        {
            throw new ModelFormatException("invalid feature layout in model", e);
        }

        var beta = r.Doubles();
        var multiplicative = r.Bool();
        var trend = r.Doubles();
        if (beta.Length != spec.Columns || (multiplicative && trend.Length != spec.TrendColumns))
        {
            throw new ModelFormatException($"coefficient count {beta.Length} does not match the {spec.Columns} design columns");
        }

        return new ProphetModel(options, spec, beta, multiplicative ? trend : null, r.Double(), r.Double(), ComponentCodec.ReadBand(ref r, version));
    }
}
