namespace UnixDatagram.Transport;

/// <summary>
/// The file at a bound socket's path, as <c>lstat(2)</c> sees it, and whether it is that very socket
/// (<see cref="UnixDatagramSocket.GetSocketFileStatus"/>). Its mode and owner are what a sender's <c>connect(2)</c> or
/// <c>sendto(2)</c> is checked against (write permission, unix(7)), whoever set them: for a socket systemd passes,
/// the <c>.socket</c> unit (<c>SocketMode=</c>, <c>SocketUser=</c>, <c>SocketGroup=</c>).
/// </summary>
/// <param name="Path">The path looked at (the socket's bound address).</param>
/// <param name="Mode">The permission bits, set-id and sticky bits included (<c>st_mode &amp; 07777</c>).</param>
/// <param name="UserId">The owning user id.</param>
/// <param name="GroupId">The owning group id.</param>
/// <param name="Kind">What the file is, with its article, for messages: <c>a socket</c>, <c>a symbolic link</c>, <c>a regular file</c>.</param>
/// <param name="IsThisSocket">
/// Whether the file is the socket it was asked about (the kernel's record of the socket's file, by device and
/// inode, through <c>NETLINK_SOCK_DIAG</c>): false for a socket bound there since, or anything else put in its
/// place; null when the kernel cannot tell (no <c>unix_diag</c> support).
/// </param>
public sealed record UnixSocketFileStatus(string Path, UnixFileMode Mode, uint UserId, uint GroupId, string Kind, bool? IsThisSocket);
