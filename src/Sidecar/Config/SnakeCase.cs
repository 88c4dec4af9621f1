using System.Text;

namespace Sidecar.Config;

/// <summary>Converts PascalCase .NET names to the snake_case used in YAML (<c>SeasonalBaseline</c> → <c>seasonal_baseline</c>).</summary>
internal static class SnakeCase
{
    public static string From(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c) && i > 0)
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }

    /// <summary>The snake_case names of <typeparamref name="T"/>'s members, in declaration order.</summary>
    public static IReadOnlyList<(string Name, T Value)> EnumMembers<T>()
        where T : struct, Enum =>
        Enum.GetValues<T>().Select(v => (From(v.ToString()), v)).ToArray();
}
