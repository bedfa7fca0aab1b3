namespace UnixDatagram.Transport.Internal.Interop;

/// <summary>Constants from the Linux and glibc headers (x86_64 and aarch64 agree on all of them but <c>O_NOFOLLOW</c> and <c>O_DIRECTORY</c>, chosen at run time).</summary>
internal static class Libc
{
    public const string Name = "libc";

    public const int AF_UNIX = 1;
    public const int AF_INET = 2;
    public const int AF_INET6 = 10;
    public const int AF_NETLINK = 16;
    public const int NETLINK_SOCK_DIAG = 4;

    // NETLINK_SOCK_DIAG for AF_UNIX sockets (linux/netlink.h, linux/sock_diag.h, linux/unix_diag.h; sock_diag(7)).
    public const ushort SOCK_DIAG_BY_FAMILY = 20;
    public const ushort NLM_F_REQUEST = 1;

    /// <summary><c>UDIAG_SHOW_VFS</c>: ask for the inode and device of the file the socket is bound to.</summary>
    public const uint UDIAG_SHOW_VFS = 0x2;

    /// <summary><c>UNIX_DIAG_VFS</c>: the reply attribute carrying <c>struct unix_diag_vfs</c>.</summary>
    public const ushort UNIX_DIAG_VFS = 1;

    /// <summary><c>INET_DIAG_NOCOOKIE</c>: look the socket up by inode alone.</summary>
    public const uint INET_DIAG_NOCOOKIE = uint.MaxValue;
    public const int SOCK_STREAM = 1;
    public const int SOCK_DGRAM = 2;
    public const int SOCK_RAW = 3;
    public const int SOCK_SEQPACKET = 5;
    public const int SOCK_NONBLOCK = 0x800;
    public const int SOCK_CLOEXEC = 0x80000;

    public const int SOL_SOCKET = 1;
    public const int SO_TYPE = 3;
    public const int SO_ERROR = 4;
    public const int SO_SNDBUF = 7;
    public const int SO_RCVBUF = 8;
    public const int SO_SNDBUFFORCE = 32;
    public const int SO_PASSCRED = 16;
    public const int SO_PEEK_OFF = 42;

    /// <summary>ioctl: the bytes a socket has sent and its receivers not yet read (<c>TIOCOUTQ</c>, unix(7)).</summary>
    public const uint SIOCOUTQ = 0x5411;
    public const int SO_DOMAIN = 39;
    public const int SCM_CREDENTIALS = 2;

    public const int SCM_RIGHTS = 1;

    public const int MSG_PEEK = 0x2;
    public const int MSG_CTRUNC = 0x8;
    public const int MSG_TRUNC = 0x20;
    public const int MSG_DONTWAIT = 0x40;
    public const int MSG_NOSIGNAL = 0x4000;
    public const int MSG_CMSG_CLOEXEC = 0x40000000;
    public const int MSG_WAITFORONE = 0x10000;
    public const int SO_RCVTIMEO = 20;
    public const int F_GETFD = 1;
    public const int F_SETFD = 2;
    public const int FD_CLOEXEC = 1;
    public const int F_GETFL = 3;
    public const int F_SETFL = 4;
    public const int O_NONBLOCK = 0x800;

    public const int AT_FDCWD = -100;
    public const int AT_SYMLINK_NOFOLLOW = 0x100;
    public const int AT_EMPTY_PATH = 0x1000;

    public const int O_WRONLY = 0x1;
    public const int O_CREAT = 0x40;
    public const int O_NOCTTY = 0x100;
    public const int O_APPEND = 0x400;
    public const int O_CLOEXEC = 0x80000;
    public const int O_PATH = 0x200000;

    /// <summary><c>O_NOFOLLOW</c>, which differs between x86 and ARM.</summary>
    public static readonly int O_NOFOLLOW = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    /// <summary><c>O_DIRECTORY</c>, which differs between x86 and ARM.</summary>
    public static readonly int O_DIRECTORY = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 : 0x10000;

    public const uint EPOLLIN = 0x1;
    public const uint EPOLLOUT = 0x4;
    public const uint EPOLLERR = 0x8;
    public const uint EPOLLHUP = 0x10;
    public const int EPOLL_CTL_ADD = 1;
    public const int EPOLL_CTL_DEL = 2;
    public const int EPOLL_CTL_MOD = 3;
    public const int EPOLL_CLOEXEC = 0x80000;
    public const int EFD_CLOEXEC = 0x80000;
    public const int EFD_NONBLOCK = 0x800;

    public const uint STATX_TYPE = 0x1;
    public const uint STATX_MODE = 0x2;
    public const uint STATX_NLINK = 0x4;
    public const uint STATX_UID = 0x8;
    public const uint STATX_GID = 0x10;
    public const uint STATX_INO = 0x100;
    public const ushort S_IFMT = 0xF000;
    public const ushort S_IFSOCK = 0xC000;
    public const ushort S_IFLNK = 0xA000;
    public const ushort S_IFREG = 0x8000;
    public const ushort S_IFBLK = 0x6000;
    public const ushort S_IFDIR = 0x4000;
    public const ushort S_IFCHR = 0x2000;
    public const ushort S_IFIFO = 0x1000;
    public const int W_OK = 2;
    public const int X_OK = 1;

    // Signal numbers, signal(7): the same on x86_64 and aarch64.
    public const int SIGHUP = 1;
    public const int SIGINT = 2;
    public const int SIGQUIT = 3;
    public const int SIGTERM = 15;
    public const int SIGCHLD = 17;
    public const int SIGCONT = 18;
    public const int SIGTSTP = 20;
    public const int SIGTTIN = 21;
    public const int SIGTTOU = 22;
    public const int SIGWINCH = 28;

    // The two sa_handler values that are not a function, <signal.h>.
    public const nint SIG_DFL = 0;
    public const nint SIG_IGN = 1;

    public const short POLLIN = 0x1;
    public const short POLLERR = 0x8;
    public const short POLLHUP = 0x10;
    public const short POLLNVAL = 0x20;

    /// <summary>An address family's name with its article, for messages: <c>an AF_INET</c>.</summary>
    public static string FamilyName(int family) => family switch
    {
        AF_UNIX => "an AF_UNIX",
        AF_INET => "an AF_INET",
        AF_INET6 => "an AF_INET6",
        AF_NETLINK => "an AF_NETLINK",
        _ => "a family " + family.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>A socket type's name, for messages.</summary>
    public static string TypeName(int type) => type switch
    {
        SOCK_STREAM => "SOCK_STREAM",
        SOCK_DGRAM => "SOCK_DGRAM",
        SOCK_RAW => "SOCK_RAW",
        SOCK_SEQPACKET => "SOCK_SEQPACKET",
        _ => "type " + type.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
