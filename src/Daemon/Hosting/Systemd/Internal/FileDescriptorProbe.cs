using System.Runtime.InteropServices;
using System.Text;
using UnixDatagram.Hosting.Internal.Interop;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Internal;

/// <summary>
/// Marks a passed descriptor close-on-exec and finds out what it is, without taking ownership of it: systemd passes
/// whatever the <c>.socket</c> unit lists (stream sockets, FIFOs, netlink...), and a wrong kind must be named, not guessed.
/// </summary>
internal static unsafe class FileDescriptorProbe
{
    /// <summary>Probes <paramref name="fd"/>, passed under <paramref name="name"/>.</summary>
    public static PassedFileDescriptor Probe(int fd, string name)
    {
        if (!TryMarkCloseOnExec(fd, out var errno))
        {
            var what = errno == ListenFdCalls.EBADF ? "not an open file descriptor" : $"a descriptor that cannot be inspected (fcntl: {Marshal.GetPInvokeErrorMessage(errno)})";
            return new PassedFileDescriptor(fd, name, false, UnixSocketAddress.Unnamed, what);
        }

        if (!TryGetIntOption(fd, ListenFdCalls.SO_DOMAIN, out var domain, out errno) || !TryGetIntOption(fd, ListenFdCalls.SO_TYPE, out var type, out errno))
        {
            var what = errno == ListenFdCalls.ENOTSOCK ? $"not a socket ({LinkTarget(fd)})" : $"a socket whose kind cannot be read (getsockopt: {Marshal.GetPInvokeErrorMessage(errno)})";
            return new PassedFileDescriptor(fd, name, false, UnixSocketAddress.Unnamed, what);
        }

        var kind = $"{FamilyName(domain)} {TypeName(type)} socket";
        if (domain != ListenFdCalls.AF_UNIX)
        {
            return new PassedFileDescriptor(fd, name, false, UnixSocketAddress.Unnamed, "an " + kind);
        }

        var address = LocalAddress(fd);
        var isDatagram = type == ListenFdCalls.SOCK_DGRAM;
        var description = address.IsAddressable ? $"an {kind} bound to {address}" : $"an unbound {kind}";
        return new PassedFileDescriptor(fd, name, isDatagram, address, description);
    }

    private static bool TryMarkCloseOnExec(int fd, out int errno)
    {
        errno = 0;
        var flags = Retry(() => ListenFdCalls.Fcntl(fd, ListenFdCalls.F_GETFD, 0), out errno);
        if (flags < 0)
        {
            return false;
        }

        return (flags & ListenFdCalls.FD_CLOEXEC) != 0 || Retry(() => ListenFdCalls.Fcntl(fd, ListenFdCalls.F_SETFD, flags | ListenFdCalls.FD_CLOEXEC), out errno) == 0;
    }

    private static bool TryGetIntOption(int fd, int option, out int value, out int errno)
    {
        int result;
        uint length = sizeof(int);
        fixed (int* pointer = &value)
        {
            result = ListenFdCalls.GetSockOpt(fd, ListenFdCalls.SOL_SOCKET, option, pointer, &length);
        }

        errno = result == 0 ? 0 : Marshal.GetLastPInvokeError();
        return result == 0;
    }

    /// <summary>The bound address; unnamed when unbound or not representable (an abstract name that is not UTF-8 text).</summary>
    private static UnixSocketAddress LocalAddress(int fd)
    {
        var buffer = stackalloc byte[ListenFdCalls.SockaddrUnSize];
        uint length = ListenFdCalls.SockaddrUnSize;
        if (ListenFdCalls.GetSockName(fd, buffer, &length) != 0 || length <= 2)
        {
            return UnixSocketAddress.Unnamed;
        }

        var path = new ReadOnlySpan<byte>(buffer + 2, (int)Math.Min(length, ListenFdCalls.SockaddrUnSize) - 2);
        string text;
        if (path[0] == 0)
        {
            text = "@" + Encoding.UTF8.GetString(path[1..]);
        }
        else
        {
            var end = path.IndexOf((byte)0);
            text = Encoding.UTF8.GetString(end < 0 ? path : path[..end]);
        }

        return UnixSocketAddress.TryParse(text, out var address, out _) ? address : UnixSocketAddress.Unnamed;
    }

    private static string LinkTarget(int fd)
    {
        try
        {
            return new FileInfo($"/proc/self/fd/{fd}").LinkTarget ?? "unknown kind";
        }
        catch (IOException)
        {
            return "unknown kind";
        }
        catch (UnauthorizedAccessException)
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
        while (result < 0 && errno == ListenFdCalls.EINTR);
        return result;
    }

    private static string FamilyName(int domain) => domain switch
    {
        ListenFdCalls.AF_UNIX => "AF_UNIX",
        ListenFdCalls.AF_INET => "AF_INET",
        ListenFdCalls.AF_INET6 => "AF_INET6",
        ListenFdCalls.AF_NETLINK => "AF_NETLINK",
        _ => $"family-{domain}",
    };

    private static string TypeName(int type) => type switch
    {
        ListenFdCalls.SOCK_STREAM => "SOCK_STREAM",
        ListenFdCalls.SOCK_DGRAM => "SOCK_DGRAM",
        ListenFdCalls.SOCK_RAW => "SOCK_RAW",
        ListenFdCalls.SOCK_SEQPACKET => "SOCK_SEQPACKET",
        _ => $"type-{type}",
    };
}
