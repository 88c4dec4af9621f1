using System.Text;

namespace Sidecar.Text;

/// <summary>
/// Converts .NET names to snake_case: the YAML keys and enum values (<c>SeasonalBaseline</c> → <c>seasonal_baseline</c>,
/// <c>NChangepoints</c> → <c>n_changepoints</c>) and the logfmt keys of log lines (<c>durationSeconds</c> →
/// <c>duration_seconds</c>). A run of capitals is one word (<c>HTTPStatus</c> → <c>http_status</c>); an existing
/// underscore is kept, never doubled.
/// </summary>
internal static class SnakeCase
{
    public static string From(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && StartsWord(name, i))
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>The snake_case names of <typeparamref name="T"/>'s members, in declaration order.</summary>
    public static IReadOnlyList<(string Name, T Value)> EnumMembers<T>()
        where T : struct, Enum =>
        Enum.GetValues<T>().Select(v => (From(v.ToString()), v)).ToArray();

    // The capital at i begins a new word after a lower-case letter or digit, or when it ends a run of capitals
    // and a lower-case letter follows (the C of NChangepoints, the S of HTTPStatus).
    private static bool StartsWord(string name, int i)
    {
        var previous = name[i - 1];
        if (previous == '_')
        {
            return false;
        }

        return !char.IsUpper(previous) || (i + 1 < name.Length && char.IsLower(name[i + 1]));
    }
}
