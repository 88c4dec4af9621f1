namespace Sidecar.Config;

/// <summary>
/// A password or token from the config. <see cref="ToString"/> never shows it (it prints <c>&lt;secret&gt;</c>, as
/// Prometheus does), so a secret that ends up in a log line, an exception or a record's printout stays hidden;
/// only <see cref="Reveal"/> gives the value, for the code that sends it. Immutable.
/// </summary>
public sealed class Secret : IEquatable<Secret>
{
    private readonly string _value;

    /// <summary>Wraps <paramref name="value"/>.</summary>
    public Secret(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The secret value itself; call only where it is sent.</summary>
    public string Reveal() => _value;

    /// <summary>Always <c>&lt;secret&gt;</c>.</summary>
    public override string ToString() => "<secret>";

    /// <inheritdoc />
    public bool Equals(Secret? other) => other is not null && string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Secret);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);
}
