using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Sidecar.RemoteRead;

namespace Sidecar.State;

/// <summary>
/// The state file layout, little-endian: magic <c>SIDECARS</c> (8 bytes), format version (u16), flags (u16, zero),
/// payload length (i64), SHA-256 of the payload (32 bytes), payload. The payload holds the selector name, its settings
/// hash, the fit time and each series (labels, metric, last seen, model bytes). Every length is checked against the
/// bytes that remain before anything is allocated. Stateless and thread-safe.
/// </summary>
internal static class StateFileCodec
{
    /// <summary>The format this binary writes and reads.</summary>
    public const ushort FormatVersion = 1;

    /// <summary>Bytes before the payload.</summary>
    public const int HeaderLength = 8 + 2 + 2 + 8 + 32;

    private static readonly byte[] Magic = "SIDECARS"u8.ToArray();

    public static byte[] Encode(SelectorState state)
    {
        using var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(state.Selector);
            writer.Write(state.SettingsHash);
            writer.Write(state.FittedAtMs);
            writer.Write(state.Series.Count);
            foreach (var series in state.Series)
            {
                writer.Write(series.Labels.Count);
                foreach (var label in series.Labels)
                {
                    writer.Write(label.Name);
                    writer.Write(label.Value);
                }

                writer.Write(series.Metric);
                writer.Write(series.LastSeenMs);
                writer.Write(series.Model.Length);
                writer.Write(series.Model);
            }
        }

        var body = payload.GetBuffer().AsSpan(0, (int)payload.Length);
        var file = new byte[HeaderLength + body.Length];
        Magic.CopyTo(file, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(10), 0);
        BinaryPrimitives.WriteInt64LittleEndian(file.AsSpan(12), body.Length);
        SHA256.HashData(body, file.AsSpan(20, 32));
        body.CopyTo(file.AsSpan(HeaderLength));
        return file;
    }

    public static StateLoadResult Decode(byte[] file, string path, string selector, string settingsHash)
    {
        if (file.Length < HeaderLength || !file.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            return new(StateLoadStatus.Foreign, null, path, "not a sidecar state file (bad magic)");
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(8));
        if (version != FormatVersion)
        {
            return new(StateLoadStatus.UnsupportedVersion, null, path, $"format version {version}, this binary reads {FormatVersion}");
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
            state = ReadPayload(file);
        }
        // IOException: BinaryReader's end of stream, and its "invalid string length" for a negative 7-bit length.
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or FormatException)
        {
            return new(StateLoadStatus.Corrupt, null, path, "undecodable payload: " + e.Message);
        }

        if (state.Selector != selector)
        {
            return new(StateLoadStatus.Foreign, null, path, $"written for selector \"{state.Selector}\"");
        }

        return state.SettingsHash != settingsHash
            ? new(StateLoadStatus.SettingsChanged, null, path, "the selector's settings changed since these models were fitted")
            : new(StateLoadStatus.Loaded, state, path, null);
    }

    private static SelectorState ReadPayload(byte[] file)
    {
        using var stream = new MemoryStream(file, HeaderLength, file.Length - HeaderLength, writable: false);
        using var reader = new BinaryReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true));
        var selector = reader.ReadString();
        var settingsHash = reader.ReadString();
        var fittedAtMs = reader.ReadInt64();
        var count = ReadCount(reader, stream, minBytesEach: 4 + 1 + 8 + 4);
        var series = new List<SeriesState>(count);
        for (var i = 0; i < count; i++)
        {
            var labelCount = ReadCount(reader, stream, minBytesEach: 2);
            var labels = new Label[labelCount];
            for (var j = 0; j < labelCount; j++)
            {
                labels[j] = new Label(reader.ReadString(), reader.ReadString());
            }

            var metric = reader.ReadString();
            var lastSeenMs = reader.ReadInt64();
            var modelLength = ReadCount(reader, stream, minBytesEach: 1);
            series.Add(new SeriesState(LabelSet.From(labels), metric, lastSeenMs, reader.ReadBytes(modelLength)));
        }

        if (stream.Position != stream.Length)
        {
            throw new InvalidDataException($"{stream.Length - stream.Position} trailing bytes");
        }

        return new SelectorState(selector, settingsHash, fittedAtMs, series);
    }

    private static int ReadCount(BinaryReader reader, Stream stream, int minBytesEach)
    {
        var count = reader.ReadInt32();
        if (count < 0 || (long)count * minBytesEach > stream.Length - stream.Position)
        {
            throw new InvalidDataException($"count {count} exceeds the remaining {stream.Length - stream.Position} bytes");
        }

        return count;
    }
}
