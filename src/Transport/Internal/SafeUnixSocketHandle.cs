using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport.Internal;

/// <summary>Owns a socket file descriptor; the descriptor is closed only when no system call is using it.</summary>
internal sealed class SafeUnixSocketHandle : SafeHandleMinusOneIsInvalid
{
    public SafeUnixSocketHandle()
        : base(ownsHandle: true)
    {
    }

    public SafeUnixSocketHandle(int fd, bool ownsHandle)
        : base(ownsHandle)
    {
        SetHandle(fd);
    }

    /// <summary>The descriptor number, for epoll registration and diagnostics.</summary>
    public int Fd => (int)handle;

    protected override bool ReleaseHandle() => SocketCalls.Close((int)handle) == 0;
}
