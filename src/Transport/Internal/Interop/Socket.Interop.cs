namespace UnixDatagram.Transport.Internal.Interop;

/// <summary>Socket system calls.</summary>
internal static unsafe partial class SocketCalls
{
    [LibraryImport(Libc.Name, EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(Libc.Name, EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(SafeUnixSocketHandle fd, byte* address, int addressLength);

    [LibraryImport(Libc.Name, EntryPoint = "connect", SetLastError = true)]
    public static partial int Connect(SafeUnixSocketHandle fd, byte* address, int addressLength);

    [LibraryImport(Libc.Name, EntryPoint = "sendto", SetLastError = true)]
    public static partial nint SendTo(SafeUnixSocketHandle fd, byte* buffer, nuint length, int flags, byte* address, int addressLength);

    [LibraryImport(Libc.Name, EntryPoint = "recvmsg", SetLastError = true)]
    public static partial nint RecvMsg(SafeUnixSocketHandle fd, MsgHdr* message, int flags);

    [LibraryImport(Libc.Name, EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int RecvMMsg(SafeUnixSocketHandle fd, MMsgHdr* messages, uint count, int flags, void* timeout);

    [LibraryImport(Libc.Name, EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(SafeUnixSocketHandle fd, int level, int name, void* value, int length);

    [LibraryImport(Libc.Name, EntryPoint = "getsockopt", SetLastError = true)]
    public static partial int GetSockOpt(SafeUnixSocketHandle fd, int level, int name, void* value, int* length);

    [LibraryImport(Libc.Name, EntryPoint = "getsockname", SetLastError = true)]
    public static partial int GetSockName(SafeUnixSocketHandle fd, byte* address, int* addressLength);

    [LibraryImport(Libc.Name, EntryPoint = "getpeername", SetLastError = true)]
    public static partial int GetPeerName(SafeUnixSocketHandle fd, byte* address, int* addressLength);

    [LibraryImport(Libc.Name, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(SafeUnixSocketHandle fd, int command, int argument);

    [LibraryImport(Libc.Name, EntryPoint = "shutdown", SetLastError = true)]
    public static partial int Shutdown(SafeUnixSocketHandle fd, int how);

    [LibraryImport(Libc.Name, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(SafeUnixSocketHandle fd, nuint request, int* value);

    [LibraryImport(Libc.Name, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
