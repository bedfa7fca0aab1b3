using UnixDatagram.Transport.Internal;
using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport;

/// <summary>
/// Looks at a descriptor handed over by a service manager or a parent process without taking ownership of it, so
/// that a wrong kind (a stream socket, a FIFO, a closed number) can be named before anything adopts it.
/// </summary>
public static class UnixSocketDescriptor
{
    /// <summary>Finds out what <paramref name="fd"/> is; optionally marks it close-on-exec first, so children do not inherit it.</summary>
    public static unsafe UnixSocketDescriptorInfo Inspect(int fd, bool setCloseOnExec = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fd);
        using var handle = new SafeUnixSocketHandle(fd, ownsHandle: false);
        var flags = Retry(() => SocketCalls.Fcntl(handle, Libc.F_GETFD, 0), out var errno);
        if (flags >= 0 && setCloseOnExec && (flags & Libc.FD_CLOEXEC) == 0)
        {
            flags = Retry(() => SocketCalls.Fcntl(handle, Libc.F_SETFD, flags | Libc.FD_CLOEXEC), out errno);
        }

        if (flags < 0)
        {
            return Unusable(fd, errno == Errno.EBADF ? "not an open file descriptor" : $"a descriptor that cannot be inspected (fcntl: {Marshal.GetPInvokeErrorMessage(errno)})");
        }

        int domain = 0, type = 0, length = sizeof(int);
        if (SocketCalls.GetSockOpt(handle, Libc.SOL_SOCKET, Libc.SO_DOMAIN, &domain, &length) != 0
            || SocketCalls.GetSockOpt(handle, Libc.SOL_SOCKET, Libc.SO_TYPE, &type, &length) != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return Unusable(fd, errno == Errno.ENOTSOCK ? $"not a socket ({LinkTarget(fd)})" : $"a socket whose kind cannot be read (getsockopt: {Marshal.GetPInvokeErrorMessage(errno)})");
        }

        var kind = $"{Libc.FamilyName(domain)} {Libc.TypeName(type)} socket";
        if (domain != Libc.AF_UNIX)
        {
            return Unusable(fd, kind);
        }

        var sockaddr = stackalloc byte[UnixSocketAddress.SockaddrSize];
        var addressLength = UnixSocketAddress.SockaddrSize;
        var address = SocketCalls.GetSockName(handle, sockaddr, &addressLength) == 0
            ? UnixSocketAddress.Read(new ReadOnlySpan<byte>(sockaddr, UnixSocketAddress.SockaddrSize), addressLength)
            : UnixSocketAddress.Unnamed;
        var description = address.IsAddressable ? $"{kind} bound to {address}" : $"{kind}, unbound";
        return new UnixSocketDescriptorInfo(fd, type == Libc.SOCK_DGRAM, address, description);
    }

    private static UnixSocketDescriptorInfo Unusable(int fd, string description) => new(fd, false, UnixSocketAddress.Unnamed, description);

    private static string LinkTarget(int fd)
    {
        try
        {
            return new FileInfo($"/proc/self/fd/{fd}").LinkTarget ?? "unknown kind";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "unknown kind";
        }
    }

    private static int Retry(Func<int> call, out int errno)
    {
        int result;
        do
        {
            result = call();
            errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
        while (result < 0 && errno == Errno.EINTR);
        return result;
    }
}
