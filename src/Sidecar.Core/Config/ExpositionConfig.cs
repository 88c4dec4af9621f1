namespace Sidecar.Config;

/// <summary>
/// The <c>exposition:</c> section: which model output families <c>/metrics</c> carries. The self-metrics are always
/// exposed. Immutable.
/// </summary>
public sealed record ExpositionConfig
{
    /// <summary>Every output family, the default.</summary>
    public static IReadOnlyList<OutputFamily> AllFamilies { get; } = Enum.GetValues<OutputFamily>();

    /// <summary><c>families</c>: the output families on <c>/metrics</c>, each once, in file order. Default all.</summary>
    public IReadOnlyList<OutputFamily> Families { get; init; } = AllFamilies;

    /// <summary>True when <paramref name="family"/> is exposed.</summary>
    public bool Exposes(OutputFamily family) => Families.Contains(family);

    /// <inheritdoc />
    public bool Equals(ExpositionConfig? other) => other is not null && Families.SequenceEqual(other.Families);

    /// <inheritdoc />
    public override int GetHashCode() => Families.Count;
}
