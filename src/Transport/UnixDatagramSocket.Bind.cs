using System.Runtime.InteropServices;
using System.Security.Cryptography;
using UnixDatagram.Transport.Internal;
using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport;

/// <content>Bind and connect.</content>
public sealed partial class UnixDatagramSocket
{
    /// <summary><c>renameat2</c>'s flag that refuses to replace an existing file.</summary>
    private const uint RenameNoReplace = 1;

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
    /// <exception cref="UnixSocketException">The kernel refused; the message names the path and the errno.</exception>
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
        if (address.Kind == UnixAddressKind.Path)
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

    private unsafe void BindCore(UnixSocketAddress address)
    {
        var sockaddr = stackalloc byte[UnixSocketAddress.SockaddrSize];
        var length = address.Write(new Span<byte>(sockaddr, UnixSocketAddress.SockaddrSize));
        if (SocketCalls.Bind(_handle, sockaddr, length) != 0)
        {
            throw Throw(SocketErrors.Bind(Marshal.GetLastPInvokeError(), address));
        }
    }

    /// <summary>Bind under a temporary name, set mode and owner, then rename into place without replacing anything.</summary>
    private void BindWithFileOptions(UnixSocketAddress address, UnixSocketFileOptions options)
    {
        var directory = Path.GetDirectoryName(address.Value);
        var temporary = Path.Join(string.IsNullOrEmpty(directory) ? "." : directory, "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)) + ".bind");
        if (!UnixSocketAddress.TryParse(temporary, out var temporaryAddress, out _))
        {
            // The directory leaves no room for a temporary name: bind in place; the mode is set a moment later.
            BindCore(address);
            ApplyFileOptions(address.Value, options, address);
            return;
        }

        BindCore(temporaryAddress);
        try
        {
            ApplyFileOptions(temporary, options, address);
            if (FileCalls.RenameAt2(Libc.AT_FDCWD, temporary, Libc.AT_FDCWD, address.Value, RenameNoReplace) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw Throw(SocketErrors.Bind(errno == Errno.EEXIST ? Errno.EADDRINUSE : errno, address));
            }
        }
        catch
        {
            _ = FileCalls.Unlink(temporary);
            throw;
        }
    }

    private void ApplyFileOptions(string path, UnixSocketFileOptions options, UnixSocketAddress address)
    {
        if (options.UserId is not null || options.GroupId is not null)
        {
            if (FileCalls.LChown(path, options.UserId ?? uint.MaxValue, options.GroupId ?? uint.MaxValue) != 0)
            {
                throw Throw(SocketErrors.Other(Marshal.GetLastPInvokeError(), "chown", address.ToString()));
            }
        }

        if (options.Mode is { } mode && FileCalls.Chmod(path, (uint)mode) != 0)
        {
            throw Throw(SocketErrors.Other(Marshal.GetLastPInvokeError(), "chmod", address.ToString()));
        }
    }

    private void DeleteOwnSocketFile()
    {
        if (DeleteSocketFileOnClose && _ownFile is { } own && FileIdentity.Of(own.Path) == own)
        {
            _ = FileCalls.Unlink(own.Path);
        }
    }
}
