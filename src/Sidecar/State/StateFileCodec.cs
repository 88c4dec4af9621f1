using System.Buffers.Binary;
using System.Security.Cryptography;
using Sidecar.Models.Serialization;
using Sidecar.RemoteRead;

namespace Sidecar.State;

/// <summary>
/// The state file layout, little-endian: magic <c>SIDECARS</c> (8 bytes), format version (u16), flags (u16, zero),
/// payload length (i64), SHA-256 of the payload (32 bytes), payload. The payload holds the selector name, its settings
/// hash, the fit time and each series (labels, metric, last seen, model bytes, and since continuous tuning an optional
/// tuning record: the grid settings in use and their cross-validation errors). From format 2 the payload is named
/// fields (<see cref="FieldWriter"/>, the primitives the model codec uses), so fields added later are skipped by older
/// readers and defaulted by newer ones; format 1 (positional, until commit 3a4a128) is still read. Every length is
/// checked against the bytes that remain before anything is allocated. Stateless and thread-safe.
/// </summary>
internal static class StateFileCodec
{
    /// <summary>The format this binary writes; every earlier one down to <see cref="OldestReadableVersion"/> is read too.</summary>
    public const ushort FormatVersion = 2;

    /// <summary>The oldest format read.</summary>
    public const ushort OldestReadableVersion = 1;

    /// <summary>Bytes before the payload.</summary>
    public const int HeaderLength = 8 + 2 + 2 + 8 + 32;

    private static readonly byte[] Magic = "SIDECARS"u8.ToArray();

    public static byte[] Encode(SelectorState state)
    {
        var w = new FieldWriter();
        w.StringField("selector", state.Selector);
        w.StringField("settings_hash", state.SettingsHash);
        w.LongField("fitted_at_ms", state.FittedAtMs);
        w.RecordsField("series", state.Series, static (f, series) =>
        {
            f.RecordsField("labels", series.Labels, static (l, label) =>
            {
                l.StringField("name", label.Name);
                l.StringField("value", label.Value);
            });
            f.StringField("metric", series.Metric);
            f.LongField("last_seen_ms", series.LastSeenMs);
            f.BytesField("model", series.Model);
            if (series.Tuning is { } tuning)
            {
                f.RecordField("tuning", t => WriteTuning(t, tuning));
            }
        });

        var body = w.Written;
        var file = new byte[HeaderLength + body.Length];
        Magic.CopyTo(file, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(10), 0);
        BinaryPrimitives.WriteInt64LittleEndian(file.AsSpan(12), body.Length);
        SHA256.HashData(body, file.AsSpan(20, 32));
        body.CopyTo(file.AsSpan(HeaderLength));
        return file;
    }

    public static StateLoadResult Decode(byte[] file, string path, string selector, string settingsHash) =>
        Decode(file, path, selector, [settingsHash]);

    /// <summary>Decodes a state file, restored only when it was saved under one of <paramref name="acceptedHashes"/>.</summary>
    public static StateLoadResult Decode(byte[] file, string path, string selector, IReadOnlyCollection<string> acceptedHashes)
    {
        if (file.Length < HeaderLength || !file.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            return new(StateLoadStatus.Foreign, null, path, "not a sidecar state file (bad magic)");
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(8));
        if (version is < OldestReadableVersion or > FormatVersion)
        {
            return new(StateLoadStatus.UnsupportedVersion, null, path, $"format version {version}, this binary reads {OldestReadableVersion} to {FormatVersion}");
        }

        var length = BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(12));
        if (length != file.Length - HeaderLength)
        {
            return new(StateLoadStatus.Corrupt, null, path, $"payload length {length} but {file.Length - HeaderLength} bytes follow the header");
        }

        var body = file.AsSpan(HeaderLength);
        Span<byte> checksum = stackalloc byte[32];
        SHA256.HashData(body, checksum);
        if (!checksum.SequenceEqual(file.AsSpan(20, 32)))
        {
            return new(StateLoadStatus.Corrupt, null, path, "SHA-256 checksum mismatch");
        }

        SelectorState state;
        try
        {
            state = version == 1 ? StateFileCodecV1.ReadPayload(file, HeaderLength) : ReadPayload(file.AsMemory(HeaderLength));
        }
        // IOException: BinaryReader's end of stream (format 1), and its "invalid string length" for a negative 7-bit length.
        catch (Exception e) when (e is ModelFormatException or IOException or InvalidDataException or ArgumentException or FormatException)
        {
            return new(StateLoadStatus.Corrupt, null, path, "undecodable payload: " + e.Message);
        }

        if (state.Selector != selector)
        {
            return new(StateLoadStatus.Foreign, null, path, $"written for selector \"{state.Selector}\"");
        }

        return !acceptedHashes.Contains(state.SettingsHash)
            ? new(StateLoadStatus.SettingsChanged, null, path, "the selector's settings changed since these models were fitted")
            : new(StateLoadStatus.Loaded, state, path, null);
    }

    private static SelectorState ReadPayload(ReadOnlyMemory<byte> payload)
    {
        var fields = FieldSet.Parse(payload);
        var series = fields.Records("series");
        var states = new List<SeriesState>(series.Count);
        foreach (var s in series)
        {
            var labels = s.Records("labels").Select(l => new Label(l.String("name"), l.String("value"))).ToArray();
            states.Add(new SeriesState(LabelSet.From(labels), s.String("metric"), s.Long("last_seen_ms"), s.Bytes("model"))
            {
                Tuning = s.Record("tuning") is { } tuning ? ReadTuning(tuning) : null,
            });
        }

        return new SelectorState(fields.String("selector"), fields.String("settings_hash"), fields.Long("fitted_at_ms"), states);
    }

    // The tuning choice (since the continuous tuning of issue 13): absent in older files, which restore without one.
    private static void WriteTuning(FieldWriter w, TuningChoice tuning)
    {
        w.RecordsField("settings", tuning.Settings, static (f, setting) =>
        {
            f.StringField("key", setting.Key);
            f.StringField("value", setting.Value);
        });
        w.StringField("metric", tuning.Metric);
        w.LongField("tuned_at_ms", tuning.TunedAtMs);
        w.DoubleField("in_use_error", tuning.InUseError);
        w.DoubleField("winner_error", tuning.WinnerError);
        w.DoubleField("runner_up_error", tuning.RunnerUpError);
    }

    private static TuningChoice ReadTuning(FieldSet t) => new(
        t.Records("settings").Select(s => new KeyValuePair<string, string>(s.String("key"), s.String("value"))).ToArray(),
        t.String("metric"),
        t.Long("tuned_at_ms"),
        t.Double("in_use_error", double.NaN),
        t.Double("winner_error", double.NaN),
        t.Double("runner_up_error", double.NaN));
}
