namespace UnixDatagram.Transport.Internal.Interop;

/// <summary>epoll and eventfd, for the shared I/O thread.</summary>
internal static unsafe partial class Epoll
{
    /// <summary><c>struct epoll_event</c> is packed to 12 bytes on x86_64 and 16 bytes elsewhere.</summary>
    public static readonly int EventSize = RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86 ? 12 : 16;

    /// <summary>Offset of <c>data</c> within <c>struct epoll_event</c>.</summary>
    public static readonly int DataOffset = EventSize == 12 ? 4 : 8;

    [LibraryImport(Libc.Name, EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int Create(int flags);

    [LibraryImport(Libc.Name, EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int Control(int epfd, int op, int fd, byte* @event);

    [LibraryImport(Libc.Name, EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int Wait(int epfd, byte* events, int maxEvents, int timeout);

    [LibraryImport(Libc.Name, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initval, int flags);

    [LibraryImport(Libc.Name, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, void* buffer, nuint count);

    [LibraryImport(Libc.Name, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, void* buffer, nuint count);
}
