using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Sidecar.Syntax;

namespace Sidecar.Cli;

/// <summary>Converts flag text to typed values, with a message saying what was expected.</summary>
internal static class FlagValues
{
    public static bool TryConvert(FlagSpec flag, string text, [NotNullWhen(true)] out object? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        error = null;
        switch (flag.Kind)
        {
            case FlagKind.String when flag.Choices is { } choices && !choices.Contains(text, StringComparer.Ordinal):
                error = $"invalid value \"{text}\" for --{flag.Name}: expected one of {string.Join(", ", choices)}";
                return false;
            case FlagKind.String:
                value = text;
                return true;
            case FlagKind.Bool when bool.TryParse(text, out var b):
                value = b;
                return true;
            case FlagKind.Int when int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i):
                value = i;
                return true;
            case FlagKind.Double when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d):
                value = d;
                return true;
            case FlagKind.Duration when PromDuration.TryParse(text, out var span, out _):
                value = span;
                return true;
            case FlagKind.Timestamp when TryTimestamp(text, out var time):
                value = time;
                return true;
        }

        var expected = flag.Kind switch
        {
            FlagKind.Bool => "true or false",
            FlagKind.Int => "an integer",
            FlagKind.Double => "a number",
            FlagKind.Duration => "a duration such as 30s, 5m, 1h30m or 14d",
            _ => PromTimestamp.Expected,
        };
        error = $"invalid value \"{text}\" for --{flag.Name}: expected {expected}";
        return false;
    }

    /// <summary>RFC 3339 with an explicit offset, or unix seconds (fractions allowed): <see cref="PromTimestamp"/>.</summary>
    public static bool TryTimestamp(string text, out DateTimeOffset value) => PromTimestamp.TryParse(text, out value);
}
