using System.Buffers.Binary;
using System.Security.Cryptography;
using Sidecar.Models.Serialization;
using Sidecar.RemoteRead;
using Sidecar.State;
using Sidecar.Testing;

namespace Sidecar.Tests.State;

public sealed class StateStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new("sidecar-state-");
    private readonly string _root;

    public StateStoreTests()
    {
        _root = _temp.File("state");
    }

    public void Dispose() => _temp.Dispose();

    private static SelectorState Sample(string selector = "api_rps", string hash = "h1") => new(
        selector,
        hash,
        1_700_000_000_123,
        [
            new SeriesState(LabelSet.From(("job", "api"), ("code", "500")), "http_requests_total", 1_700_000_000_000, [1, 2, 3, 255]),
            new SeriesState(LabelSet.From(("job", "ünïcode\"\n")), "m", 42, []),
        ]);

    [Fact]
    public void Load_AfterSave_ReturnsTheSameState()
    {
        var store = new StateStore(_root);
        var saved = Sample();

        store.Save(saved);
        var result = store.Load("api_rps", "h1");

        Assert.Equal(StateLoadStatus.Loaded, result.Status);
        var state = result.State!;
        Assert.Equal((saved.Selector, saved.SettingsHash, saved.FittedAtMs), (state.Selector, state.SettingsHash, state.FittedAtMs));
        Assert.Equal(saved.Series.Count, state.Series.Count);
        for (var i = 0; i < saved.Series.Count; i++)
        {
            Assert.Equal(saved.Series[i].Labels, state.Series[i].Labels);
            Assert.Equal(saved.Series[i].Metric, state.Series[i].Metric);
            Assert.Equal(saved.Series[i].LastSeenMs, state.Series[i].LastSeenMs);
            Assert.Equal(saved.Series[i].Model, state.Series[i].Model);
        }
    }

    [Fact]
    public void Save_Twice_ReplacesAndLeavesNoTempFiles()
    {
        var store = new StateStore(_root);
        store.Save(Sample());

        store.Save(Sample() with { FittedAtMs = 7 });

        Assert.Equal(7, store.Load("api_rps", "h1").State!.FittedAtMs);
        Assert.Single(Directory.GetFiles(store.DirectoryPath));
    }

    [Fact]
    public void Load_NoFile_IsMissingNotFailure()
    {
        var result = new StateStore(_root).Load("api_rps", "h1");

        Assert.Equal(StateLoadStatus.Missing, result.Status);
        Assert.False(result.IsFailure);
    }

    [Fact]
    public void Load_OtherSettingsHash_IsSettingsChangedAndNotRestored()
    {
        var store = new StateStore(_root);
        store.Save(Sample(hash: "old"));

        var result = store.Load("api_rps", "new");

        Assert.Equal(StateLoadStatus.SettingsChanged, result.Status);
        Assert.Null(result.State);
        Assert.False(result.IsFailure);
    }

    [Fact]
    public void Load_FlippedPayloadByte_IsCorrupt()
    {
        var store = new StateStore(_root);
        store.Save(Sample());
        var path = store.PathFor("api_rps");
        var bytes = File.ReadAllBytes(path);
        bytes[^3] ^= 0x40;
        File.WriteAllBytes(path, bytes);

        var result = store.Load("api_rps", "h1");

        Assert.Equal(StateLoadStatus.Corrupt, result.Status);
        Assert.Contains("checksum", result.Reason, StringComparison.Ordinal);
        Assert.True(result.IsFailure);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(60)]
    public void Load_TruncatedFile_IsCorruptOrForeign(int keep)
    {
        var store = new StateStore(_root);
        store.Save(Sample());
        var path = store.PathFor("api_rps");
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..keep]);

        var result = store.Load("api_rps", "h1");

        Assert.True(result.IsFailure);
        Assert.Null(result.State);
    }

    [Fact]
    public void Load_ForeignFile_IsForeign()
    {
        var store = new StateStore(_root);
        Directory.CreateDirectory(store.DirectoryPath);
        File.WriteAllText(store.PathFor("api_rps"), "{\"not\": \"ours\"}");

        Assert.Equal(StateLoadStatus.Foreign, store.Load("api_rps", "h1").Status);
    }

    [Fact]
    public void Load_FileOfAnotherSelector_IsForeign()
    {
        var store = new StateStore(_root);
        store.Save(Sample(selector: "other"));
        File.Copy(store.PathFor("other"), store.PathFor("api_rps"));

        var result = store.Load("api_rps", "h1");

        Assert.Equal(StateLoadStatus.Foreign, result.Status);
        Assert.Contains("\"other\"", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NewerFormatVersion_IsUnsupportedVersion()
    {
        var store = new StateStore(_root);
        store.Save(Sample());
        var path = store.PathFor("api_rps");
        var bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), StateFileCodec.FormatVersion + 1);
        File.WriteAllBytes(path, bytes);

        Assert.Equal(StateLoadStatus.UnsupportedVersion, store.Load("api_rps", "h1").Status);
    }

    [Fact]
    public void Save_WritesTheCurrentFormatVersion()
    {
        var store = new StateStore(_root);

        store.Save(Sample());

        Assert.Equal(2, StateFileCodec.FormatVersion);
        Assert.Equal(StateFileCodec.FormatVersion, BinaryPrimitives.ReadUInt16LittleEndian(File.ReadAllBytes(store.PathFor("api_rps")).AsSpan(8)));
    }

    [Fact]
    public void Load_VersionZero_IsUnsupportedVersion()
    {
        var store = new StateStore(_root);
        store.Save(Sample());
        var path = store.PathFor("api_rps");
        var bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), 0);
        File.WriteAllBytes(path, bytes);

        Assert.Equal(StateLoadStatus.UnsupportedVersion, store.Load("api_rps", "h1").Status);
    }

    [Fact]
    public void Load_FieldsOfANewerWriter_AreSkipped()
    {
        var w = new FieldWriter();
        w.StringField("selector", "api_rps");
        w.DoubleField("a_field_from_the_future", 1.5);
        w.StringField("settings_hash", "h1");
        w.LongField("fitted_at_ms", 7);
        w.RecordsField("series", [1], static (f, _) =>
        {
            f.RecordsField("labels", [("job", "api")], static (l, label) =>
            {
                l.StringField("name", label.Item1);
                l.StringField("value", label.Item2);
                l.BoolField("future_flag", true);
            });
            f.StringField("metric", "m");
            f.LongField("last_seen_ms", 42);
            f.BytesField("model", [9, 8]);
            f.RecordField("future_record", static r => r.IntField("x", 1));
        });
        var store = WriteRawState("api_rps", w.ToArray());

        var result = store.Load("api_rps", "h1");

        Assert.Equal(StateLoadStatus.Loaded, result.Status);
        var series = Assert.Single(result.State!.Series);
        Assert.Equal(7, result.State.FittedAtMs);
        Assert.Equal(LabelSet.From(("job", "api")), series.Labels);
        Assert.Equal(("m", 42L), (series.Metric, series.LastSeenMs));
        Assert.Equal([9, 8], series.Model);
    }

    [Theory]
    [InlineData("selector")]
    [InlineData("settings_hash")]
    [InlineData("fitted_at_ms")]
    public void Load_RequiredFieldMissing_IsCorrupt(string missing)
    {
        var w = new FieldWriter();
        foreach (var (name, value) in new[] { ("selector", "api_rps"), ("settings_hash", "h1") })
        {
            if (name != missing)
            {
                w.StringField(name, value);
            }
        }

        if (missing != "fitted_at_ms")
        {
            w.LongField("fitted_at_ms", 7);
        }

        var result = WriteRawState("api_rps", w.ToArray()).Load("api_rps", "h1");

        Assert.Equal(StateLoadStatus.Corrupt, result.Status);
        Assert.Contains(missing, result.Reason, StringComparison.Ordinal);
    }

    /// <summary>A state file of the current format around <paramref name="payload"/>, correctly signed.</summary>
    private StateStore WriteRawState(string selector, byte[] payload)
    {
        var store = new StateStore(_root);
        var file = new byte[StateFileCodec.HeaderLength + payload.Length];
        "SIDECARS"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(8), StateFileCodec.FormatVersion);
        BinaryPrimitives.WriteInt64LittleEndian(file.AsSpan(12), payload.Length);
        SHA256.HashData(payload, file.AsSpan(20, 32));
        payload.CopyTo(file, StateFileCodec.HeaderLength);
        Directory.CreateDirectory(store.DirectoryPath);
        File.WriteAllBytes(store.PathFor(selector), file);
        return store;
    }

    [Fact]
    public void Load_HugeCountWithValidChecksum_IsCorruptWithoutAllocating()
    {
        var store = new StateStore(_root);
        store.Save(Sample() with { Series = [] });
        var path = store.PathFor("api_rps");
        var bytes = File.ReadAllBytes(path);
        // The payload ends with the series count; claim two billion series and re-sign the payload.
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(bytes.Length - 4), int.MaxValue);
        SHA256.HashData(bytes.AsSpan(StateFileCodec.HeaderLength), bytes.AsSpan(20, 32));
        File.WriteAllBytes(path, bytes);

        var result = store.Load("api_rps", "h1");

        Assert.Equal(StateLoadStatus.Corrupt, result.Status);
        Assert.Contains("exceeds", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NegativeStringLengthWithValidChecksum_IsCorrupt()
    {
        var store = new StateStore(_root);
        store.Save(Sample());
        var path = store.PathFor("api_rps");
        // Found by the state-file fuzz target: the selector's 7-bit length prefix decodes to -1, for which BinaryReader
        // throws a plain IOException (not EndOfStreamException), which escaped the codec and read as an I/O error.
        byte[] payload = [0xff, 0xff, 0xff, 0xff, 0x0d];
        var bytes = new byte[StateFileCodec.HeaderLength + payload.Length];
        File.ReadAllBytes(path).AsSpan(0, StateFileCodec.HeaderLength).CopyTo(bytes);
        // Format 1 (BinaryReader strings), where the fuzzer found it; format 2's reader refuses it on its own.
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), 1);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(12), payload.Length);
        payload.CopyTo(bytes, StateFileCodec.HeaderLength);
        SHA256.HashData(payload, bytes.AsSpan(20, 32));
        File.WriteAllBytes(path, bytes);

        var result = store.Load("api_rps", "h1");

        Assert.Equal(StateLoadStatus.Corrupt, result.Status);
        Assert.Contains("invalid string length", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_LeftoverTempFileFromACrash_IsDeletedAndOldStateServed()
    {
        var store = new StateStore(_root);
        store.Save(Sample());
        var leftover = store.PathFor("api_rps") + ".tmp-deadbeef";
        File.WriteAllBytes(leftover, [1, 2, 3]);

        var result = store.Load("api_rps", "h1");

        Assert.Equal(StateLoadStatus.Loaded, result.Status);
        Assert.False(File.Exists(leftover));
    }

    [Fact]
    public void Save_DirectoryBlockedByAFile_ThrowsStateStoreExceptionNamingThePath()
    {
        File.WriteAllText(_root, "a file where the storage directory should be");
        try
        {
            var store = new StateStore(_root);

            var error = Assert.Throws<StateStoreException>(() => store.Save(Sample()));

            Assert.Contains(_root, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(_root);
        }
    }

    [Theory]
    [InlineData("api_rps")]
    [InlineData("a/b\\..:*")]
    [InlineData("")]
    public void PathFor_AnyName_StaysInsideTheDirectory(string selector)
    {
        var store = new StateStore(_root);

        var path = store.PathFor(selector);

        Assert.Equal(store.DirectoryPath, Path.GetDirectoryName(path));
        Assert.NotEqual(store.PathFor(selector + "x"), path);
    }
}
