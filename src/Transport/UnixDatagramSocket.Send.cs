using UnixDatagram.Transport.Internal;
using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport;

/// <content>Non-blocking sends, congestion and writability.</content>
public sealed partial class UnixDatagramSocket
{
    private const string UnnamedDestination = "The destination is unnamed: a datagram cannot be sent to a socket that never bound (an unbound client cannot be answered; it must bind to a path or @name first).";

    private static readonly TimeSpan MaxUnconnectedBackoff = TimeSpan.FromMilliseconds(50);

    private TaskCompletionSource? _writable;
    private TimeSpan _unconnectedBackoff;
    private int _congested;
    private bool _lastCongestedSendWasConnected;

    /// <summary>
    /// Raised when a send finds the receiver's queue full (Node's <c>'congestion'</c>), with a copy of the unsent
    /// datagram. <see cref="Writable"/> follows when sending can resume.
    /// </summary>
    public event EventHandler<CongestionEventArgs>? Congestion;

    /// <summary>
    /// Raised when a congested socket can send again (Node's <c>'writable'</c>), once per congestion. For a connected
    /// socket the kernel reports it exactly, on the I/O thread; after a congested
    /// <see cref="SendTo(ReadOnlySpan{byte}, UnixSocketAddress)"/> the kernel cannot tell, so it is raised on a timer
    /// thread after a short, growing back-off (1 ms up to 50 ms), and the next send may be congested again.
    /// </summary>
    public event EventHandler? Writable;

    /// <summary>Whether the last send was refused for congestion and <see cref="Writable"/> has not followed yet.</summary>
    public bool IsCongested => Volatile.Read(ref _congested) != 0;

    /// <summary>Sends one datagram to the connected peer without blocking (Node's <c>send(buf)</c>).</summary>
    /// <returns><see cref="SendStatus.Sent"/>, or <see cref="SendStatus.Congested"/> when the peer's queue is full.</returns>
    /// <exception cref="UnixSocketException">The peer is gone, the datagram is too large, or the socket is not connected.</exception>
    public SendStatus Send(ReadOnlySpan<byte> payload) => SendCore(payload, default);

    /// <summary>Sends one datagram to a path or <c>@name</c> without blocking (Node's <c>send(buf, offset, length, path)</c>).</summary>
    /// <exception cref="UnixSocketException">Nothing there, nobody receiving, too large, or no permission.</exception>
    public SendStatus SendTo(ReadOnlySpan<byte> payload, string destination) => SendTo(payload, UnixSocketAddress.Parse(destination));

    /// <summary>Sends one datagram to <paramref name="destination"/> without blocking.</summary>
    /// <exception cref="ArgumentException">The destination is unnamed: an unbound sender cannot be answered.</exception>
    /// <exception cref="UnixSocketException">Nothing there, nobody receiving, too large, or no permission.</exception>
    public SendStatus SendTo(ReadOnlySpan<byte> payload, UnixSocketAddress destination)
    {
        if (!destination.IsAddressable)
        {
            throw new ArgumentException(UnnamedDestination, nameof(destination));
        }

        return SendCore(payload, destination);
    }

    /// <summary>
    /// Replies to the sender of a received datagram without blocking: to the socket it sent from, and to no other
    /// socket its address may name by now.
    /// </summary>
    /// <remarks>
    /// The kernel looks a path up again at each send, following symbolic links, so a sender that controls the
    /// directory it bound in could, after sending, make its address name another socket and have this socket's
    /// credentials delivered there. A path is therefore answered only when it holds a socket file, not a symbolic
    /// link, that belongs to the sender's uid as <paramref name="senderCredentials"/> report it, and the reply goes to
    /// that very file (through <c>/proc/self/fd</c>, so <c>/proc</c> must be mounted). An abstract name has no file,
    /// and a root sender (uid 0) could send wherever its path leads itself: both are answered as
    /// <see cref="SendTo(ReadOnlySpan{byte}, UnixSocketAddress)"/> does, without the extra system calls.
    /// A client that binds as a set-user-ID program (its socket file owned by the effective uid, its credentials
    /// naming the real one) should pass its effective uid in <c>SCM_CREDENTIALS</c>.
    /// A sender that bound a relative path (<see cref="UnixSocketAddress.IsRelativePath"/>) is never answered, root
    /// included: the kernel reports the path as it was bound, and here it would be resolved against this process's
    /// working directory, reaching another socket or none.
    /// </remarks>
    /// <param name="payload">The reply.</param>
    /// <param name="sender">The received datagram's <see cref="Datagram.Sender"/>.</param>
    /// <param name="senderCredentials">The received datagram's <see cref="Datagram.Credentials"/>; a path sender without them is not answered.</param>
    /// <returns><see cref="SendStatus.Sent"/>, or <see cref="SendStatus.Congested"/> when the sender's queue is full.</returns>
    /// <exception cref="ArgumentException">The sender is unnamed: an unbound sender cannot be answered.</exception>
    /// <exception cref="UnixSocketException">
    /// The sender is gone, the reply is too large, or the reply is refused (<c>EPERM</c>): the sender bound a relative
    /// path (<see cref="UnixSocketAddress.IsRelativePath"/>, which names its socket only in its own working directory),
    /// its credentials are unknown, or its path no longer holds a socket of its uid.
    /// </exception>
    public SendStatus ReplyTo(ReadOnlySpan<byte> payload, UnixSocketAddress sender, UnixCredentials? senderCredentials)
    {
        if (!sender.IsAddressable)
        {
            throw new ArgumentException(UnnamedDestination, nameof(sender));
        }

        // Resolved against this process's working directory, a relative path would name another socket, or none.
        if (sender.IsRelativePath)
        {
            throw SenderSocketFile.Refused(sender, sender.UnanswerableReason!);
        }

        // An abstract name has no file to swap; a root sender could send wherever the path leads itself.
        if (sender.Kind == UnixAddressKind.Abstract || senderCredentials is { UserId: 0 })
        {
            return SendCore(payload, sender);
        }

        var file = SenderSocketFile.Open(sender, senderCredentials, payload.Length);
        try
        {
            return SendCore(payload, sender, raiseCongestion: true, file);
        }
        finally
        {
            SocketCalls.Close(file);
        }
    }

    /// <summary>
    /// Replies as <see cref="ReplyTo(ReadOnlySpan{byte}, UnixSocketAddress, UnixCredentials?)"/> does, waiting through
    /// congestion until the kernel takes the reply; a reply to an abstract name does not wait.
    /// </summary>
    /// <remarks>
    /// A path is checked again before each try, so a wait cannot be used to swap the sender's socket. An abstract name
    /// has no file to check: during a wait the sender could release the name and another process bind it, and that
    /// process would receive the reply with this socket's credentials. A reply to an abstract name whose receive queue
    /// is full therefore fails at once with <c>EAGAIN</c>.
    /// </remarks>
    /// <exception cref="ArgumentException">The sender is unnamed.</exception>
    /// <exception cref="UnixSocketException">
    /// The sender is gone, the reply is too large, the reply is refused (<c>EPERM</c>: among others, to a relative
    /// path), or the sender is an abstract name whose receive queue is full (<c>EAGAIN</c>).
    /// </exception>
    public async ValueTask ReplyToAsync(ReadOnlyMemory<byte> payload, UnixSocketAddress sender, UnixCredentials? senderCredentials, CancellationToken cancellationToken = default)
    {
        while (ReplyTo(payload.Span, sender, senderCredentials) == SendStatus.Congested)
        {
            if (sender.Kind == UnixAddressKind.Abstract)
            {
                var address = sender.ToString();
                throw new UnixSocketException(Errno.EAGAIN, "send", address, $"reply to '{address}' not sent: its receive queue is full, and a reply to an abstract name does not wait for room (the name could pass to another socket meanwhile).");
            }

            await WaitWritableAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends to the connected peer, waiting through congestion until the kernel takes the datagram.</summary>
    /// <exception cref="UnixSocketException">The peer is gone, or the datagram is too large.</exception>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        while (SendCore(payload.Span, default, raiseCongestion: false) == SendStatus.Congested)
        {
            await WaitWritableAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends to <paramref name="destination"/>, waiting through congestion until the kernel takes the datagram.</summary>
    /// <exception cref="UnixSocketException">Nothing there, nobody receiving, or too large.</exception>
    public async ValueTask SendToAsync(ReadOnlyMemory<byte> payload, UnixSocketAddress destination, CancellationToken cancellationToken = default)
    {
        if (!destination.IsAddressable)
        {
            throw new ArgumentException(UnnamedDestination, nameof(destination));
        }

        while (SendCore(payload.Span, destination, raiseCongestion: false) == SendStatus.Congested)
        {
            await WaitWritableAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Completes when the socket can send again: at once unless a send was refused for congestion.</summary>
    public Task WaitWritableAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        if (!IsCongested)
        {
            return Task.CompletedTask;
        }

        var waiter = Waiter(ref _writable);
        ArmWritable();
        return waiter.Task.WaitAsync(cancellationToken);
    }

    /// <param name="payload">The datagram.</param>
    /// <param name="destination">Where to; unnamed for the connected peer. Errors name it.</param>
    /// <param name="raiseCongestion">Whether congestion raises <see cref="Congestion"/> and arms <see cref="Writable"/>.</param>
    /// <param name="destinationFile">When not -1, a descriptor of the socket file to send to, reached through <c>/proc/self/fd</c> instead of <paramref name="destination"/>'s path.</param>
    private unsafe SendStatus SendCore(ReadOnlySpan<byte> payload, UnixSocketAddress destination, bool raiseCongestion = true, int destinationFile = -1)
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        var sockaddr = stackalloc byte[UnixSocketAddress.SockaddrSize];
        var length = destinationFile >= 0
            ? UnixSocketAddress.WriteDescriptorPath(new Span<byte>(sockaddr, UnixSocketAddress.SockaddrSize), destinationFile)
            : destination.IsAddressable ? destination.Write(new Span<byte>(sockaddr, UnixSocketAddress.SockaddrSize)) : 0;
        nint sent;
        fixed (byte* data = payload)
        {
            do
            {
                sent = SocketCalls.SendTo(_handle, data, (nuint)payload.Length, Libc.MSG_DONTWAIT | Libc.MSG_NOSIGNAL, length == 0 ? null : sockaddr, length);
            }
            while (sent < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR);
        }

        if (sent >= 0)
        {
            if (_unconnectedBackoff != TimeSpan.Zero)
            {
                _unconnectedBackoff = TimeSpan.Zero;
            }

            return SendStatus.Sent;
        }

        var errno = Marshal.GetLastPInvokeError();
        var target = destination.IsAddressable ? destination : _connectedAddress;
        if (errno is Errno.EAGAIN or Errno.ENOBUFS)
        {
            _lastCongestedSendWasConnected = !destination.IsAddressable;
            Volatile.Write(ref _congested, 1);
            if (raiseCongestion)
            {
                Congestion?.Invoke(this, new CongestionEventArgs(payload.ToArray(), target));
                ArmWritable();
            }

            return SendStatus.Congested;
        }

        var sendBuffer = errno == Errno.EMSGSIZE ? GetIntOption(Libc.SO_SNDBUF, "SO_SNDBUF") : 0;
        throw Throw(SocketErrors.Send(errno, target, payload.Length, sendBuffer));
    }

    private void ArmWritable()
    {
        if (_lastCongestedSendWasConnected)
        {
            // A connected datagram socket polls writable only when the peer's queue has room: exact.
            Registration.Update(add: Libc.EPOLLOUT, remove: 0);
            return;
        }

        // An unconnected socket has no peer for poll to watch, so back off and let the caller retry.
        lock (_lock)
        {
            _unconnectedBackoff = _unconnectedBackoff == TimeSpan.Zero
                ? TimeSpan.FromMilliseconds(1)
                : TimeSpan.FromTicks(Math.Min(_unconnectedBackoff.Ticks * 2, MaxUnconnectedBackoff.Ticks));
        }

        _ = Task.Delay(_unconnectedBackoff).ContinueWith(static (_, state) => ((UnixDatagramSocket)state!).SignalWritable(), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    void IIoTarget.OnWritable()
    {
        Registration.Update(add: 0, remove: Libc.EPOLLOUT);
        SignalWritable();
    }

    private void SignalWritable()
    {
        if (IsClosed)
        {
            return;
        }

        var wasCongested = Interlocked.Exchange(ref _congested, 0) != 0;
        TaskCompletionSource? waiter;
        lock (_lock)
        {
            waiter = _writable;
            _writable = null;
        }

        if (wasCongested)
        {
            Writable?.Invoke(this, EventArgs.Empty);
        }

        waiter?.TrySetResult();
    }
}
