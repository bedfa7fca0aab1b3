using UnixDatagram.Transport.Internal;
using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport;

/// <summary>
/// A UNIX datagram socket (<c>AF_UNIX</c>, <c>SOCK_DGRAM</c>): the C# counterpart of Node's <c>unix-dgram</c>.
/// Bind to a path or an <c>@abstract</c> name, connect, send without blocking (congestion is a value and a signal),
/// and receive with the sender's address, kernel-verified credentials and truncation reported for every datagram.
/// </summary>
/// <remarks>
/// <para>Signals mirror <c>unix-dgram</c>: <see cref="Listening"/>, <see cref="Connected"/>, <see cref="Message"/>,
/// <see cref="Error"/>, <see cref="Congestion"/>, <see cref="Writable"/>. <see cref="Message"/> and
/// <see cref="Writable"/> are raised on the shared I/O thread; handlers must not block it.</para>
/// <para><see cref="Close"/> is idempotent. A socket file this object created by <see cref="Bind(string)"/> is removed
/// on close if it is still the same file (same inode) and <see cref="DeleteSocketFileOnClose"/> is on (the default);
/// a socket adopted with <see cref="FromFileDescriptor"/> never removes its file.</para>
/// </remarks>
public sealed partial class UnixDatagramSocket : IDisposable, IAsyncDisposable, IIoTarget, IReceiveLoopEvents
{
    private readonly SafeUnixSocketHandle _handle;
    private readonly Lock _lock = new();
    private IoRegistration? _registration;
    private int _closed;

    /// <summary>Creates an unbound socket.</summary>
    /// <exception cref="UnixSocketException"><c>socket(2)</c> failed (for example <c>EMFILE</c>).</exception>
    public UnixDatagramSocket()
    {
        var fd = SocketCalls.Socket(Libc.AF_UNIX, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            throw SocketErrors.Other(Marshal.GetLastPInvokeError(), "socket");
        }

        _handle = new SafeUnixSocketHandle(fd, ownsHandle: true);
    }

    private UnixDatagramSocket(SafeUnixSocketHandle handle)
    {
        _handle = handle;
    }

    /// <summary>Raised after <see cref="Bind(string)"/> succeeds (Node's <c>'listening'</c>).</summary>
    public event EventHandler? Listening;

    /// <summary>Raised after <see cref="Connect(string)"/> succeeds (Node's <c>'connect'</c>).</summary>
    public event EventHandler? Connected;

    /// <summary>Raised for every error on this socket, including those the failing call also throws, so one handler sees them all.</summary>
    public event EventHandler<UnixSocketErrorEventArgs>? Error;

    /// <summary>The file descriptor, for passing to other APIs. Do not close it.</summary>
    public SafeHandle SafeHandle => _handle;

    /// <summary>Whether <see cref="Close"/> has run.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>
    /// Whether closing removes the socket file created by <see cref="Bind(string)"/>, if it is still the same file.
    /// Default: true. Off for sockets adopted with <see cref="FromFileDescriptor"/>.
    /// </summary>
    public bool DeleteSocketFileOnClose { get; set; } = true;

    /// <summary>
    /// Whether the socket was adopted with <see cref="FromFileDescriptor"/>: it belongs to whoever passed it (systemd
    /// keeps its own copy), so it is never shut down, its file never removed, and its queue left as it is.
    /// </summary>
    public bool IsAdopted { get; private init; }

    internal SafeUnixSocketHandle Handle => _handle;

    /// <summary>
    /// Adopts a socket descriptor received from elsewhere (systemd socket activation, a parent process),
    /// after checking that it is an <c>AF_UNIX</c> <c>SOCK_DGRAM</c> socket.
    /// </summary>
    /// <param name="fd">The descriptor.</param>
    /// <param name="ownsHandle">Whether closing this object closes the descriptor.</param>
    /// <exception cref="ArgumentException">The descriptor is not a UNIX datagram socket.</exception>
    public static UnixDatagramSocket FromFileDescriptor(int fd, bool ownsHandle = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fd);
        var handle = new SafeUnixSocketHandle(fd, ownsHandle);
        var socket = new UnixDatagramSocket(handle) { DeleteSocketFileOnClose = false, IsAdopted = true };
        int domain, type;
        try
        {
            domain = socket.GetIntOption(Libc.SO_DOMAIN, "SO_DOMAIN");
            type = socket.GetIntOption(Libc.SO_TYPE, "SO_TYPE");
        }
        catch (UnixSocketException ex)
        {
            handle.SetHandleAsInvalid();
            throw new ArgumentException($"File descriptor {fd} is not a socket ({ex.ErrorName}); it was left open.", nameof(fd), ex);
        }

        if (domain != Libc.AF_UNIX || type != Libc.SOCK_DGRAM)
        {
            handle.SetHandleAsInvalid();
            throw new ArgumentException($"File descriptor {fd} is {Libc.FamilyName(domain)} {Libc.TypeName(type)} socket, not an AF_UNIX SOCK_DGRAM one; it was left open.", nameof(fd));
        }

        socket._boundAddress = socket.LocalAddress;
        return socket;
    }

    /// <summary>Closes the socket (Node's <c>close()</c>); idempotent. See the class remarks for the socket file.</summary>
    /// <remarks>
    /// Pending <see cref="ReceiveAsync"/> and <see cref="WaitWritableAsync"/> calls fail with
    /// <see cref="ObjectDisposedException"/>. A datagram the I/O thread was already delivering may still reach the
    /// receiver after this returns. The descriptor itself is closed once no system call is using it.
    /// </remarks>
    public void Close()
    {
        IoRegistration? registration;
        lock (_lock)
        {
            // Under the lock, so that no registration can be made after this one is taken away (see Registration).
            if (_closed != 0)
            {
                return;
            }

            Volatile.Write(ref _closed, 1);
            registration = _registration;
        }

        _ = _receiveLoop?.Stop();
        registration?.Release();
        FailWaiters(new ObjectDisposedException(nameof(UnixDatagramSocket)));
        _handle.Dispose();
        DeleteOwnSocketFile();
    }

    /// <summary>Closes the socket.</summary>
    public void Dispose() => Close();

    /// <summary>Closes the socket.</summary>
    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }

    /// <summary>Formats as <c>unix-dgram local -&gt; remote</c>.</summary>
    public override string ToString() => $"unix-dgram {_boundAddress} -> {_connectedAddress}";

    internal void RaiseError(UnixSocketException exception) => Error?.Invoke(this, new UnixSocketErrorEventArgs(exception));

    /// <summary>
    /// Raises <see cref="Error"/> from the I/O thread, where a handler that throws must neither cut a receive batch
    /// short (its datagrams would be lost and their buffers never return to the pool) nor end the thread.
    /// </summary>
    internal void RaiseErrorOnIoThread(UnixSocketException exception)
    {
        try
        {
            RaiseError(exception);
        }
#pragma warning disable CA1031 // Nobody above the I/O thread could catch it.
        catch (Exception)
#pragma warning restore CA1031
        {
            // The Error handler's own fault has nowhere to go.
        }
    }

    private IoRegistration Registration
    {
        get
        {
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(IsClosed, this);
                return _registration ??= IoLoop.Shared.Register(_handle, this);
            }
        }
    }

    void IIoTarget.OnSocketError()
    {
        var error = GetIntOption(Libc.SO_ERROR, "SO_ERROR");
        if (error != 0)
        {
            RaiseErrorOnIoThread(SocketErrors.Other(error, "socket", _boundAddress.IsAddressable ? _boundAddress.ToString() : _connectedAddress.ToString()));
        }
    }

    void IIoTarget.OnCallbackFault(Exception exception) =>
        RaiseErrorOnIoThread(exception as UnixSocketException ?? new UnixSocketException(0, "callback", _boundAddress.ToString(), "A socket event handler threw: " + exception));

    private UnixSocketException Throw(UnixSocketException exception)
    {
        RaiseError(exception);
        return exception;
    }
}
