namespace UnixDatagram.Transport;

/// <summary>What is at a socket path, as <see cref="UnixSocketFile.Probe"/> finds it.</summary>
public enum UnixSocketFileState
{
    /// <summary>Nothing: the path is free.</summary>
    Missing,
    /// <summary>A socket that a process has open: connecting to it succeeds. Never remove it.</summary>
    Live,
    /// <summary>A socket file no process has open: connecting is refused. Safe to remove.</summary>
    Stale,
    /// <summary>Something that is not a socket (a regular file, a directory, a symbolic link...). Never remove it.</summary>
    NotASocket,
    /// <summary>A socket whose state could not be told (for example, no permission to connect). Leave it alone.</summary>
    Unknown,
}
