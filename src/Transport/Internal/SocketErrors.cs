using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport.Internal;

/// <summary>Turns errno from each operation into an exception whose message says what went wrong, in one place.</summary>
internal static class SocketErrors
{
    public static UnixSocketException Bind(int errno, UnixSocketAddress address)
    {
        var a = address.ToString();
        var reason = errno switch
        {
            Errno.ENOENT => $"the directory '{DirectoryOf(a)}' does not exist",
            Errno.ENOTDIR => $"a component of '{DirectoryOf(a)}' is not a directory",
            Errno.EACCES => $"permission denied: this process may not create files in '{DirectoryOf(a)}'",
            Errno.EROFS => $"'{DirectoryOf(a)}' is on a read-only file system",
            Errno.EADDRINUSE when address.Kind == UnixAddressKind.Abstract => $"another socket already holds the abstract name '{a}'",
            Errno.EADDRINUSE => $"a file already exists at '{a}' (a live socket, a stale one, or another file)",
            Errno.EINVAL => "the socket is already bound",
            Errno.ELOOP => $"too many symbolic links in '{a}'",
            _ => null,
        };
        return Make(errno, "bind", a, reason);
    }

    public static UnixSocketException Connect(int errno, UnixSocketAddress address)
    {
        var a = address.ToString();
        var reason = errno switch
        {
            Errno.ECONNREFUSED when address.Kind != UnixAddressKind.Abstract => NotASocket(address, a) ?? $"nothing is receiving at '{a}' (the socket file exists but no process has it open)",
            Errno.EACCES => $"permission denied: this process may not write to '{a}' or search its directory",
            Errno.ENOTDIR => $"a component of '{DirectoryOf(a)}' is not a directory",
            _ => PeerReason(errno, address, a, ""),
        };
        return Make(errno, "connect", a, reason);
    }

    public static UnixSocketException Send(int errno, UnixSocketAddress destination, int size, int sendBufferSize)
    {
        var a = destination.ToString();
        var reason = errno switch
        {
            Errno.ECONNREFUSED when destination.Kind != UnixAddressKind.Abstract => NotASocket(destination, a) ?? $"the peer at '{a}' is gone (nothing is receiving there)",
            Errno.ECONNRESET => $"the peer at '{a}' closed its socket",
            Errno.EACCES => $"permission denied: this process may not write to '{a}'",
            Errno.EMSGSIZE => $"the datagram of {size} bytes is larger than this socket can send: SO_SNDBUF is {sendBufferSize} bytes, so the limit is a little under that; raise SendBufferSize (capped by net.core.wmem_max) or send less",
            Errno.ENOTCONN or Errno.EDESTADDRREQ => "the socket is not connected: call Connect, or use SendTo with a destination",
            Errno.EPIPE => $"the socket at '{a}' no longer accepts datagrams (its owner is shutting down)",
            _ => PeerReason(errno, destination, a, " (any more)"),
        };
        return Make(errno, "send", a, reason);
    }

    /// <summary>
    /// What connect and send both say about the peer's address: no socket there (or no longer under an abstract
    /// name), a socket of another type, or one connected elsewhere; null for any other errno.
    /// </summary>
    private static string? PeerReason(int errno, UnixSocketAddress address, string a, string abstractGoneSuffix) => errno switch
    {
        Errno.ENOENT when address.Kind == UnixAddressKind.Abstract => $"no socket holds the abstract name '{a}'",
        Errno.ENOENT => $"there is no socket at '{a}'",
        Errno.ECONNREFUSED => $"no socket holds the abstract name '{a}'{abstractGoneSuffix}",
        Errno.EPROTOTYPE => $"'{a}' is not a datagram socket",
        Errno.EPERM => $"'{a}' is connected to another socket and accepts datagrams only from it",
        _ => null,
    };

    /// <summary>
    /// The kernel answers <c>ECONNREFUSED</c> both for a socket file nobody has open and for a path that is no socket
    /// at all (unix(7)): which one, from the file's type (following symbolic links, as <c>connect(2)</c> does); null
    /// when it is a socket, or gone.
    /// </summary>
    private static string? NotASocket(UnixSocketAddress address, string a) =>
        FileKind.Of(address.NameBytes) is { } file && (file.Mode & Libc.S_IFMT) != Libc.S_IFSOCK
            ? string.Create(CultureInfo.InvariantCulture, $"'{a}' is {FileKind.Describe(file.Mode)} (owner uid {file.Owner}), not a socket: nothing can receive datagrams there")
            : null;

    public static UnixSocketException Other(int errno, string operation, string? address = null) => Make(errno, operation, address, null);

    private static UnixSocketException Make(int errno, string operation, string? address, string? reason)
    {
        var message = reason is null
            ? UnixSocketException.Describe(errno, operation, address)
            : $"{operation} '{address}' failed: {Errno.Name(errno)}: {reason}.";
        return new UnixSocketException(errno, operation, address, message);
    }

    private static string DirectoryOf(string path)
    {
        var directory = Path.GetDirectoryName(path);
        return string.IsNullOrEmpty(directory) ? "." : directory;
    }
}
