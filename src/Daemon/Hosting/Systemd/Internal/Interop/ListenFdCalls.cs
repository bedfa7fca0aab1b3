using System.Runtime.InteropServices;

namespace UnixDatagram.Hosting.Internal.Interop;

/// <summary>
/// The calls that inspect descriptors passed by systemd before anything adopts them: <c>fcntl</c> for
/// close-on-exec, <c>getsockopt</c> for family and type, <c>getsockname</c> for the bound address.
/// </summary>
internal static unsafe partial class ListenFdCalls
{
    public const int F_GETFD = 1;
    public const int F_SETFD = 2;
    public const int FD_CLOEXEC = 1;

    public const int SOL_SOCKET = 1;
    public const int SO_TYPE = 3;
    public const int SO_DOMAIN = 39;

    public const int AF_UNIX = 1;
    public const int AF_INET = 2;
    public const int AF_INET6 = 10;
    public const int AF_NETLINK = 16;
    public const int SOCK_STREAM = 1;
    public const int SOCK_DGRAM = 2;
    public const int SOCK_RAW = 3;
    public const int SOCK_SEQPACKET = 5;

    public const int EINTR = 4;
    public const int EBADF = 9;
    public const int ENOTSOCK = 88;

    /// <summary>Size of <c>struct sockaddr_un</c>.</summary>
    public const int SockaddrUnSize = 110;

    // fcntl is variadic; its third argument is an int for F_GETFD/F_SETFD, passed as an ordinary int on Linux x64 and arm64.
    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    public static partial int GetSockOpt(int fd, int level, int name, int* value, uint* length);

    [LibraryImport("libc", EntryPoint = "getsockname", SetLastError = true)]
    public static partial int GetSockName(int fd, byte* address, uint* length);
}
