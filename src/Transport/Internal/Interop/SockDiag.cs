namespace UnixDatagram.Transport.Internal.Interop;

/// <summary>
/// The <c>NETLINK_SOCK_DIAG</c> request for one AF_UNIX socket and the parts of its reply this library reads
/// (<c>linux/netlink.h</c>, <c>linux/sock_diag.h</c>, <c>linux/unix_diag.h</c>; sock_diag(7)).
/// </summary>
internal static class SockDiag
{
    /// <summary><c>SOCK_DIAG_BY_FAMILY</c>: the request and reply message type.</summary>
    public const ushort SOCK_DIAG_BY_FAMILY = 20;

    /// <summary><c>NLMSG_ERROR</c>: the kernel's answer when the request failed (the errno, negated, follows the header).</summary>
    public const ushort NLMSG_ERROR = 2;

    /// <summary><c>NLM_F_REQUEST</c>.</summary>
    public const ushort NLM_F_REQUEST = 1;

    /// <summary><c>UDIAG_SHOW_VFS</c>: ask for the inode and device of the file the socket is bound to.</summary>
    public const uint UDIAG_SHOW_VFS = 0x2;

    /// <summary><c>UNIX_DIAG_VFS</c>: the attribute carrying <c>struct unix_diag_vfs</c>.</summary>
    public const ushort UNIX_DIAG_VFS = 1;

    /// <summary><c>INET_DIAG_NOCOOKIE</c>: look the socket up by inode alone.</summary>
    public const uint NoCookie = uint.MaxValue;

    /// <summary><c>sizeof(struct nlmsghdr)</c>.</summary>
    public const int HeaderSize = 16;

    /// <summary><c>sizeof(struct unix_diag_msg)</c>: the reply's fixed part, before its attributes.</summary>
    public const int UnixDiagMessageSize = 16;
}
