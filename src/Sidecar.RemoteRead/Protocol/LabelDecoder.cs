namespace Sidecar.RemoteRead.Protocol;

/// <summary>Decodes prompb <c>Label</c> messages into a <see cref="LabelSet"/>.</summary>
internal static class LabelDecoder
{
    /// <summary>Reads one <c>Label {name = 1; value = 2}</c>.</summary>
    public static Label Read(ReadOnlySpan<byte> message)
    {
        var reader = new ProtoReader(message);
        string name = "", value = "";
        while (!reader.End)
        {
            var field = reader.ReadTag(out var wireType);
            switch (field)
            {
                case 1:
                    ProtoReader.Expect(field, wireType, ProtoReader.LengthDelimited);
                    name = reader.ReadString();
                    break;
                case 2:
                    ProtoReader.Expect(field, wireType, ProtoReader.LengthDelimited);
                    value = reader.ReadString();
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return new Label(name, value);
    }

    /// <summary>Builds the set, turning a duplicate or empty name into a protocol error.</summary>
    public static LabelSet ToSet(List<Label> labels)
    {
        foreach (var label in labels)
        {
            if (label.Name.Length == 0)
            {
                throw new RemoteReadProtocolException("series has a label with an empty name");
            }
        }

        try
        {
            return LabelSet.From(labels);
        }
        catch (ArgumentException e)
        {
            throw new RemoteReadProtocolException($"series labels are invalid: {e.Message}", e);
        }
    }
}
