using System.Collections.Frozen;
using System.Net.Sockets;

namespace UnixDatagram.Transport.Internal.Interop;

/// <summary>errno values used by the transport, and their names.</summary>
internal static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int ENXIO = 6;
    public const int EBADF = 9;
    public const int EAGAIN = 11;
    public const int ENOMEM = 12;
    public const int EACCES = 13;
    public const int EEXIST = 17;
    public const int ENOTDIR = 20;
    public const int EINVAL = 22;
    public const int ENFILE = 23;
    public const int EMFILE = 24;
    public const int EROFS = 30;
    public const int EPIPE = 32;
    public const int ENAMETOOLONG = 36;
    public const int ELOOP = 40;
    public const int ENOTSOCK = 88;
    public const int EDESTADDRREQ = 89;
    public const int EMSGSIZE = 90;
    public const int EPROTOTYPE = 91;
    public const int EOPNOTSUPP = 95;
    public const int EAFNOSUPPORT = 97;
    public const int EADDRINUSE = 98;
    public const int EADDRNOTAVAIL = 99;
    public const int ECONNRESET = 104;
    public const int ENOBUFS = 105;
    public const int EISCONN = 106;
    public const int ENOTCONN = 107;
    public const int ECONNREFUSED = 111;

    /// <summary>Each errno above, once: its symbolic name and the closest <see cref="SocketError"/>.</summary>
    private static readonly FrozenDictionary<int, (string Name, SocketError SocketError)> Known = new (int Errno, string Name, SocketError SocketError)[]
    {
        (EPERM, nameof(EPERM), SocketError.AccessDenied),
        (ENOENT, nameof(ENOENT), SocketError.AddressNotAvailable),
        (EINTR, nameof(EINTR), SocketError.Interrupted),
        (ENXIO, nameof(ENXIO), SocketError.SocketError),
        (EBADF, nameof(EBADF), SocketError.NotSocket),
        (EAGAIN, nameof(EAGAIN), SocketError.WouldBlock),
        (ENOMEM, nameof(ENOMEM), SocketError.NoBufferSpaceAvailable),
        (EACCES, nameof(EACCES), SocketError.AccessDenied),
        (EEXIST, nameof(EEXIST), SocketError.SocketError),
        (ENOTDIR, nameof(ENOTDIR), SocketError.SocketError),
        (EINVAL, nameof(EINVAL), SocketError.InvalidArgument),
        (ENFILE, nameof(ENFILE), SocketError.TooManyOpenSockets),
        (EMFILE, nameof(EMFILE), SocketError.TooManyOpenSockets),
        (EROFS, nameof(EROFS), SocketError.SocketError),
        (EPIPE, nameof(EPIPE), SocketError.ConnectionReset),
        (ENAMETOOLONG, nameof(ENAMETOOLONG), SocketError.SocketError),
        (ELOOP, nameof(ELOOP), SocketError.SocketError),
        (ENOTSOCK, nameof(ENOTSOCK), SocketError.NotSocket),
        (EDESTADDRREQ, nameof(EDESTADDRREQ), SocketError.NotConnected),
        (EMSGSIZE, nameof(EMSGSIZE), SocketError.MessageSize),
        (EPROTOTYPE, nameof(EPROTOTYPE), SocketError.ProtocolType),
        (EOPNOTSUPP, nameof(EOPNOTSUPP), SocketError.OperationNotSupported),
        (EAFNOSUPPORT, nameof(EAFNOSUPPORT), SocketError.AddressFamilyNotSupported),
        (EADDRINUSE, nameof(EADDRINUSE), SocketError.AddressAlreadyInUse),
        (EADDRNOTAVAIL, nameof(EADDRNOTAVAIL), SocketError.AddressNotAvailable),
        (ECONNRESET, nameof(ECONNRESET), SocketError.ConnectionReset),
        (ENOBUFS, nameof(ENOBUFS), SocketError.NoBufferSpaceAvailable),
        (EISCONN, nameof(EISCONN), SocketError.IsConnected),
        (ENOTCONN, nameof(ENOTCONN), SocketError.NotConnected),
        (ECONNREFUSED, nameof(ECONNREFUSED), SocketError.ConnectionRefused),
    }.ToFrozenDictionary(e => e.Errno, e => (e.Name, e.SocketError));

    /// <summary>
    /// Whether a send or connect that failed with <paramref name="errno"/> means the peer is gone, so that a new
    /// connection (later) is the remedy: no socket at the path (<c>ENOENT</c>), nobody receiving there
    /// (<c>ECONNREFUSED</c>), the peer closed (<c>ECONNRESET</c>; <c>ENOTCONN</c> once the kernel has dropped the
    /// connection after a refusal, which a racing send sees), or the peer stopped receiving (<c>EPIPE</c>:
    /// <c>shutdown(SHUT_RD)</c>, as a daemon does when it stops). See unix(7) and send(2).
    /// </summary>
    public static bool IsPeerGone(int errno) => errno is ENOENT or ECONNREFUSED or ECONNRESET or ENOTCONN or EPIPE;

    /// <summary>The symbolic name of <paramref name="errno"/>, such as <c>ENOENT</c>.</summary>
    public static string Name(int errno) =>
        Known.TryGetValue(errno, out var known) ? known.Name : "errno " + errno.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The closest <see cref="SocketError"/>, so callers that only know sockets still branch correctly.</summary>
    public static SocketError ToSocketError(int errno) =>
        Known.TryGetValue(errno, out var known) ? known.SocketError : SocketError.SocketError;
}
