using System.Text;
using Sidecar.RemoteRead;

namespace Sidecar.State;

/// <summary>
/// Reads the payload of state file format 1 (as of commit 3a4a128): <see cref="BinaryWriter"/> strings and integers by
/// position. Frozen: never change it; new fields go to <see cref="StateFileCodec"/>'s named format only.
/// </summary>
internal static class StateFileCodecV1
{
    public static SelectorState ReadPayload(byte[] file, int headerLength)
    {
        using var stream = new MemoryStream(file, headerLength, file.Length - headerLength, writable: false);
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
