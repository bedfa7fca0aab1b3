namespace UnixDatagram.Transport;

/// <summary>What <see cref="UnixDirectory"/> requires of the last directory of a path (every directory above it must be safe, see there).</summary>
public enum UnixDirectoryTrust
{
    /// <summary>
    /// A socket directory: owned by root or this process's effective user, and not writable by group or others
    /// (whoever can write it can replace the sockets in it).
    /// </summary>
    Private,
    /// <summary>
    /// A directory that holds a socket file of ours among others' files: as for the directories above a socket
    /// directory (a root-owned sticky directory such as <c>/tmp</c> is accepted).
    /// </summary>
    Shared,
    /// <summary>
    /// As <see cref="Private"/>, but its owner may also be any user if its parent is owned by root and not writable by
    /// group or others (so only root can have made it, as systemd's <c>RuntimeDirectory=</c> does for a service's user).
    /// For clients, which must trust a daemon that runs as another user.
    /// </summary>
    PrivateOrAssignedByRoot,
}
