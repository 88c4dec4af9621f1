using Sidecar.Models.Serialization;

namespace Sidecar.Fuzz.Targets;

/// <summary>Model bytes through <see cref="FittedModelCodec.Decode"/>, whose one documented failure is <see cref="ModelFormatException"/>.</summary>
internal static class ModelCodecTarget
{
    public static void Run(byte[] data)
    {
        try
        {
            FittedModelCodec.Decode(data);
        }
        catch (ModelFormatException)
        {
        }
    }
}
