namespace UnixDatagram.Transport.Internal.Interop;

/// <summary>errno values used by the transport, and their names.</summary>
internal static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EINTR = 4;
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

    /// <summary>The symbolic name of <paramref name="errno"/>, such as <c>ENOENT</c>.</summary>
    public static string Name(int errno) => errno switch
    {
        EPERM => "EPERM",
        ENOENT => "ENOENT",
        EINTR => "EINTR",
        EBADF => "EBADF",
        EAGAIN => "EAGAIN",
        ENOMEM => "ENOMEM",
        EACCES => "EACCES",
        EEXIST => "EEXIST",
        ENOTDIR => "ENOTDIR",
        EINVAL => "EINVAL",
        ENFILE => "ENFILE",
        EMFILE => "EMFILE",
        EROFS => "EROFS",
        EPIPE => "EPIPE",
        ENAMETOOLONG => "ENAMETOOLONG",
        ELOOP => "ELOOP",
        ENOTSOCK => "ENOTSOCK",
        EDESTADDRREQ => "EDESTADDRREQ",
        EMSGSIZE => "EMSGSIZE",
        EPROTOTYPE => "EPROTOTYPE",
        EOPNOTSUPP => "EOPNOTSUPP",
        EAFNOSUPPORT => "EAFNOSUPPORT",
        EADDRINUSE => "EADDRINUSE",
        EADDRNOTAVAIL => "EADDRNOTAVAIL",
        ECONNRESET => "ECONNRESET",
        ENOBUFS => "ENOBUFS",
        EISCONN => "EISCONN",
        ENOTCONN => "ENOTCONN",
        ECONNREFUSED => "ECONNREFUSED",
        _ => "errno " + errno.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The closest <see cref="System.Net.Sockets.SocketError"/>, so callers that only know sockets still branch correctly.</summary>
    public static System.Net.Sockets.SocketError ToSocketError(int errno) => errno switch
    {
        EPERM or EACCES => System.Net.Sockets.SocketError.AccessDenied,
        ENOENT or EADDRNOTAVAIL => System.Net.Sockets.SocketError.AddressNotAvailable,
        EINTR => System.Net.Sockets.SocketError.Interrupted,
        EBADF or ENOTSOCK => System.Net.Sockets.SocketError.NotSocket,
        EAGAIN => System.Net.Sockets.SocketError.WouldBlock,
        EINVAL => System.Net.Sockets.SocketError.InvalidArgument,
        EMFILE or ENFILE => System.Net.Sockets.SocketError.TooManyOpenSockets,
        EMSGSIZE => System.Net.Sockets.SocketError.MessageSize,
        EPROTOTYPE => System.Net.Sockets.SocketError.ProtocolType,
        EOPNOTSUPP => System.Net.Sockets.SocketError.OperationNotSupported,
        EAFNOSUPPORT => System.Net.Sockets.SocketError.AddressFamilyNotSupported,
        EADDRINUSE => System.Net.Sockets.SocketError.AddressAlreadyInUse,
        ECONNRESET or EPIPE => System.Net.Sockets.SocketError.ConnectionReset,
        ENOBUFS or ENOMEM => System.Net.Sockets.SocketError.NoBufferSpaceAvailable,
        EISCONN => System.Net.Sockets.SocketError.IsConnected,
        ENOTCONN or EDESTADDRREQ => System.Net.Sockets.SocketError.NotConnected,
        ECONNREFUSED => System.Net.Sockets.SocketError.ConnectionRefused,
        _ => System.Net.Sockets.SocketError.SocketError,
    };
}
