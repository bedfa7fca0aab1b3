namespace UnixDatagram.Transport;

/// <summary>
/// The file at a bound socket's path, as <c>lstat(2)</c> sees it, and whether it is that very socket
/// (<see cref="UnixDatagramSocket.GetSocketFileStatus"/>). Its mode and owner are what a sender's <c>connect(2)</c> or
/// <c>sendto(2)</c> is checked against (write permission, unix(7)), whoever set them: for a socket systemd passes,
/// the <c>.socket</c> unit (<c>SocketMode=</c>, <c>SocketUser=</c>, <c>SocketGroup=</c>).
/// </summary>
public sealed class UnixSocketFileStatus
{
    internal UnixSocketFileStatus(string path, UnixFileMode mode, uint userId, uint groupId, string kind, bool? isThisSocket)
    {
        Path = path;
        Mode = mode;
        UserId = userId;
        GroupId = groupId;
        Kind = kind;
        IsThisSocket = isThisSocket;
    }

    /// <summary>The path looked at (the socket's bound address).</summary>
    public string Path { get; }

    /// <summary>The permission bits, set-id and sticky bits included (<c>st_mode &amp; 07777</c>).</summary>
    public UnixFileMode Mode { get; }

    /// <summary>The owning user id.</summary>
    public uint UserId { get; }

    /// <summary>The owning group id.</summary>
    public uint GroupId { get; }

    /// <summary>What the file is, with its article, for messages: <c>a socket</c>, <c>a symbolic link</c>, <c>a regular file</c>.</summary>
    public string Kind { get; }

    /// <summary>
    /// Whether the file is the socket it was asked about (the kernel's record of the socket's file, by device and
    /// inode, through <c>NETLINK_SOCK_DIAG</c>): false for a socket bound there since, or anything else put in its
    /// place; null when the kernel cannot tell (no <c>unix_diag</c> support).
    /// </summary>
    public bool? IsThisSocket { get; }
}
