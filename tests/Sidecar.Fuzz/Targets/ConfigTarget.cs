using System.Text;
using Sidecar.Config.Binding;

namespace Sidecar.Fuzz.Targets;

/// <summary>YAML through <see cref="ConfigLoader.Load"/>, which reports every problem as a diagnostic: no exception is expected.</summary>
internal static class ConfigTarget
{
    public static void Run(byte[] data) => ConfigLoader.Load(Encoding.UTF8.GetString(data), "fuzz.yml");
}
