using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport.Internal;

/// <summary>
/// Which file an AF_UNIX socket is bound to, as the kernel knows it: asked through <c>NETLINK_SOCK_DIAG</c>
/// (<c>UDIAG_SHOW_VFS</c>, sock_diag(7)), since a socket's own inode (<c>fstat</c>) is its sockfs inode, never the
/// file's. The only way to tell that the file at a socket's path is that socket, rather than one bound there since.
/// </summary>
internal static class BoundFileQuery
{
    private const int ReplySize = 1024;

    /// <summary><c>sizeof(struct nlmsghdr)</c>.</summary>
    private const int NetlinkHeaderSize = 16;

    /// <summary><c>sizeof(struct unix_diag_msg)</c>: the reply's fixed part, before its attributes.</summary>
    private const int UnixDiagMessageSize = 16;

    /// <summary>
    /// Whether <paramref name="socket"/> is bound to <paramref name="file"/>; null when the kernel cannot tell (no
    /// <c>unix_diag</c> support, or the query failed). The kernel reports the file's inode in 32 bits only
    /// (<c>struct unix_diag_vfs</c>), so two files of one file system whose inodes agree in those bits look the same.
    /// </summary>
    public static unsafe bool? IsBoundTo(SafeUnixSocketHandle socket, FileIdentity file)
    {
        if (FileIdentity.Of(socket, string.Empty) is not { } sockfs)
        {
            return null;
        }

        var fd = SocketCalls.Socket(Libc.AF_NETLINK, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, Libc.NETLINK_SOCK_DIAG);
        if (fd < 0)
        {
            return null;
        }

        using var netlink = new SafeUnixSocketHandle(fd, ownsHandle: true);
        var request = new UnixDiagRequest
        {
            Length = (uint)sizeof(UnixDiagRequest),
            Type = Libc.SOCK_DIAG_BY_FAMILY,
            Flags = Libc.NLM_F_REQUEST,
            Sequence = 1,
            Family = Libc.AF_UNIX,
            States = uint.MaxValue,
            Inode = (uint)sockfs.Inode,
            Show = Libc.UDIAG_SHOW_VFS,
            Cookie0 = Libc.INET_DIAG_NOCOOKIE,
            Cookie1 = Libc.INET_DIAG_NOCOOKIE,
        };
        if (SocketCalls.SendTo(netlink, (byte*)&request, (nuint)sizeof(UnixDiagRequest), 0, null, 0) < 0)
        {
            return null;
        }

        // The kernel answers within the send; nothing to wait for.
        var reply = stackalloc byte[ReplySize];
        var iov = new IoVec { Base = reply, Length = ReplySize };
        var message = new MsgHdr { Iov = &iov, IovLength = 1 };
        var length = (int)SocketCalls.RecvMsg(netlink, &message, Libc.MSG_DONTWAIT);
        return length < NetlinkHeaderSize ? null : Parse(new ReadOnlySpan<byte>(reply, length), file);
    }

    private static bool? Parse(ReadOnlySpan<byte> reply, FileIdentity file)
    {
        var type = BitConverter.ToUInt16(reply[4..]);
        var total = Math.Min((int)BitConverter.ToUInt32(reply), reply.Length);
        if (type != Libc.SOCK_DIAG_BY_FAMILY || total < NetlinkHeaderSize + UnixDiagMessageSize)
        {
            return null; // NLMSG_ERROR (type 2, the negated errno after the header): ENOENT (gone), EOPNOTSUPP, ...
        }

        // Attributes (struct nlattr: length, type, payload, padded to 4 bytes) follow unix_diag_msg.
        for (var at = NetlinkHeaderSize + UnixDiagMessageSize; at + 4 <= total;)
        {
            var attributeLength = BitConverter.ToUInt16(reply[at..]);
            var attributeType = BitConverter.ToUInt16(reply[(at + 2)..]);
            if (attributeLength < 4 || at + attributeLength > total)
            {
                return null;
            }

            if (attributeType == Libc.UNIX_DIAG_VFS && attributeLength >= 12)
            {
                var inode = BitConverter.ToUInt32(reply[(at + 4)..]);
                var device = BitConverter.ToUInt32(reply[(at + 8)..]); // the kernel's dev_t: major << 20 | minor
                return inode == (uint)file.Inode && device >> 20 == file.DevMajor && (device & 0xFFFFF) == file.DevMinor;
            }

            at += (attributeLength + 3) & ~3;
        }

        return false; // No file: an abstract name, or not bound.
    }
}
