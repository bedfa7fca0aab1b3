using UnixDatagram.Transport.Internal;
using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport;

/// <content>Bind and connect.</content>
public sealed partial class UnixDatagramSocket
{
    private UnixSocketAddress _boundAddress;
    private UnixSocketAddress _connectedAddress;
    private FileIdentity? _ownFile;

    /// <summary>Whether the socket has a name (bound, or adopted bound).</summary>
    public bool IsBound => _boundAddress.IsAddressable;

    /// <summary>Whether <see cref="Connect(string)"/> has succeeded.</summary>
    public bool IsConnected => _connectedAddress.IsAddressable;

    /// <summary>The peer this socket is connected to, or unnamed.</summary>
    public UnixSocketAddress RemoteAddress => _connectedAddress;

    /// <summary>Binds to a path, or to an abstract name written <c>@name</c>, then raises <see cref="Listening"/>.</summary>
    /// <exception cref="ArgumentException">The address is empty, too long, or contains a NUL; nothing was called.</exception>
    /// <exception cref="UnixSocketException">The kernel refused; the message names the path and the errno (a missing directory says so).</exception>
    public void Bind(string path) => Bind(UnixSocketAddress.Parse(path));

    /// <summary>Binds to <paramref name="address"/>; for a path, optionally with the file's mode and owner set before anyone can connect.</summary>
    /// <param name="address">A path or an abstract name.</param>
    /// <param name="fileOptions">Mode and owner of the socket file; ignored for an abstract name, which has no file.</param>
    /// <exception cref="ArgumentException">The address is unnamed.</exception>
    /// <exception cref="UnixSocketException">
    /// The kernel refused; the message names the path and the errno. If the mode or owner could not be set, the file
    /// has been removed again and the socket should be closed.
    /// </exception>
    public void Bind(UnixSocketAddress address, UnixSocketFileOptions? fileOptions = null)
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        if (!address.IsAddressable)
        {
            throw new ArgumentException("Cannot bind to an unnamed address.", nameof(address));
        }

        if (address.Kind == UnixAddressKind.Path && fileOptions is { IsEmpty: false })
        {
            BindWithFileOptions(address, fileOptions);
        }
        else
        {
            BindCore(address);
        }

        _boundAddress = address;
        if (address.Kind == UnixAddressKind.Path && _ownFile is null)
        {
            _ownFile = FileIdentity.Of(address.Value);
        }

        Listening?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Connects to a path or <c>@name</c>, then raises <see cref="Connected"/>. Sends then need no address.</summary>
    /// <exception cref="UnixSocketException">No socket there, nothing receiving, not a datagram socket, or no permission; the message says which.</exception>
    public void Connect(string path) => Connect(UnixSocketAddress.Parse(path));

    /// <summary>Connects to <paramref name="address"/>, then raises <see cref="Connected"/>.</summary>
    /// <exception cref="UnixSocketException">The kernel refused; the message says why.</exception>
    public unsafe void Connect(UnixSocketAddress address)
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        if (!address.IsAddressable)
        {
            throw new ArgumentException("Cannot connect to an unnamed address.", nameof(address));
        }

        var sockaddr = stackalloc byte[UnixSocketAddress.SockaddrSize];
        var length = address.Write(new Span<byte>(sockaddr, UnixSocketAddress.SockaddrSize));
        int result;
        do
        {
            result = SocketCalls.Connect(_handle, sockaddr, length);
        }
        while (result != 0 && Marshal.GetLastPInvokeError() == Errno.EINTR);

        if (result != 0)
        {
            throw Throw(SocketErrors.Connect(Marshal.GetLastPInvokeError(), address));
        }

        _connectedAddress = address;
        Connected?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>
    /// Connects to the socket file at <paramref name="address"/> (a path) only where no other user could have put it,
    /// then raises <see cref="Connected"/>: for a daemon that sends with its own credentials to a configured peer.
    /// Every directory of the path must pass <see cref="UnixDirectory.SecurePeer"/> (the last may also be owned by
    /// <paramref name="peerUserId"/>); where another user may create names in the last one (a root-owned sticky
    /// directory such as <c>/tmp</c>, or the peer user's own directory), the socket file must belong to root, this
    /// process's effective user or <paramref name="peerUserId"/>, and have a single link. A symbolic link is followed
    /// only when root or this process's user made it. The socket connects to the very file checked (through
    /// <c>/proc/self/fd</c>, so <c>/proc</c> must be mounted), so no change at the path in between can redirect it.
    /// </summary>
    /// <param name="address">A path; an abstract name has no owner to check.</param>
    /// <param name="peerUserId">The peer's user, trusted besides root and this process's user; null for none.</param>
    /// <exception cref="ArgumentException"><paramref name="address"/> is not a path.</exception>
    /// <exception cref="UnixSocketException">Nothing is there, a directory on the way is missing (<c>ENOENT</c>), or the kernel refused the connect.</exception>
    /// <exception cref="UnixDirectoryException">A directory on the way is unsafe.</exception>
    /// <exception cref="UnixFileException">The file there is refused (another user's socket, a hard link, another user's symbolic link).</exception>
    public unsafe void ConnectSecured(UnixSocketAddress address, uint? peerUserId)
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        if (address.Kind != UnixAddressKind.Path)
        {
            throw new ArgumentException("Only a path names a file whose owner can be checked.", nameof(address));
        }

        var file = PeerSocketFile.Open(address, peerUserId);
        int result;
        var errno = 0;
        try
        {
            var sockaddr = stackalloc byte[UnixSocketAddress.SockaddrSize];
            var length = UnixSocketAddress.WriteDescriptorPath(new Span<byte>(sockaddr, UnixSocketAddress.SockaddrSize), file);
            do
            {
                result = SocketCalls.Connect(_handle, sockaddr, length);
                errno = result == 0 ? 0 : Marshal.GetLastPInvokeError();
            }
            while (errno == Errno.EINTR);
        }
        finally
        {
            SocketCalls.Close(file);
        }

        if (result != 0)
        {
            throw Throw(SocketErrors.Connect(errno, address));
        }

        _connectedAddress = address;
        Connected?.Invoke(this, EventArgs.Empty);
    }

    private unsafe void BindCore(UnixSocketAddress address)
    {
        var sockaddr = stackalloc byte[UnixSocketAddress.SockaddrSize];
        var length = address.Write(new Span<byte>(sockaddr, UnixSocketAddress.SockaddrSize));
        if (SocketCalls.Bind(_handle, sockaddr, length) != 0)
        {
            throw Throw(SocketErrors.Bind(Marshal.GetLastPInvokeError(), address));
        }
    }

    /// <summary>Binds at the path itself with the mode and owner set around the bind (see <see cref="SocketFilePermissions"/>).</summary>
    private void BindWithFileOptions(UnixSocketAddress address, UnixSocketFileOptions options)
    {
        if (SocketFilePermissions.ModeBeforeBind(options) is { } early && FileCalls.FChmod(_handle, early) != 0)
        {
            throw Throw(SocketErrors.Other(Marshal.GetLastPInvokeError(), "fchmod", address.ToString()));
        }

        BindCore(address);
        FileIdentity? identity = null;
        try
        {
            SocketFilePermissions.Apply(address.Value, options, out identity);
            _ownFile = identity;
        }
        catch (UnixSocketException ex)
        {
            // The socket stays bound (a name cannot be unbound); the file goes, so nobody reaches it with the wrong mode.
            if (identity is { } own && own.IsSameFile(FileIdentity.Of(own.Path)))
            {
                _ = FileCalls.Unlink(own.Path);
            }

            throw Throw(ex);
        }
    }

    private void DeleteOwnSocketFile()
    {
        if (DeleteSocketFileOnClose && _ownFile is { } own && own.IsSameFile(FileIdentity.Of(own.Path)))
        {
            _ = FileCalls.Unlink(own.Path);
        }
    }
}
