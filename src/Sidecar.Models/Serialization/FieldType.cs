namespace Sidecar.Models.Serialization;

/// <summary>
/// The type tag of a named field written by <see cref="FieldWriter"/>. Values are part of the persisted formats:
/// never renumber one, only add.
/// </summary>
public enum FieldType : byte
{
    /// <summary>No value (a nullable option that is null).</summary>
    Null = 0,

    /// <summary>One byte, 0 or 1.</summary>
    Bool = 1,

    /// <summary>Little-endian 32-bit integer.</summary>
    Int32 = 2,

    /// <summary>Little-endian 64-bit integer.</summary>
    Int64 = 3,

    /// <summary>Little-endian IEEE 754 double.</summary>
    Float64 = 4,

    /// <summary>UTF-8 text (enums are stored as their member name).</summary>
    String = 5,

    /// <summary>A count, then that many doubles.</summary>
    Float64Array = 6,

    /// <summary>A count, then that many 64-bit integers.</summary>
    Int64Array = 7,

    /// <summary>Opaque bytes (the payload length is the length).</summary>
    Bytes = 8,

    /// <summary>A nested record: named fields up to the end of the payload.</summary>
    Record = 9,

    /// <summary>A count, then that many length-prefixed records.</summary>
    RecordList = 10,

    /// <summary>A count, then that many strings.</summary>
    StringList = 11,
}
