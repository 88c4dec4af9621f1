namespace Sidecar.State;

/// <summary>Outcome of reading a selector's state file.</summary>
public enum StateLoadStatus
{
    /// <summary>Read and verified; the models may be served.</summary>
    Loaded,

    /// <summary>No state file: first start, or never fitted.</summary>
    Missing,

    /// <summary>Valid, but written for other selector settings: ignored, the selector refits.</summary>
    SettingsChanged,

    /// <summary>Truncated, checksum mismatch or undecodable: ignored, the selector refits.</summary>
    Corrupt,

    /// <summary>Not a state file of ours, or one written for another selector: ignored.</summary>
    Foreign,

    /// <summary>Written by a format version this binary does not read: ignored.</summary>
    UnsupportedVersion,

    /// <summary>The file could not be read (permissions, I/O error): ignored.</summary>
    Unreadable,
}
