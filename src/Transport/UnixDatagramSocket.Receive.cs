using UnixDatagram.Transport.Internal;
using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport;

/// <content>Receiving: one at a time into a caller's buffer, or batched into pooled buffers.</content>
public sealed partial class UnixDatagramSocket
{
    private ReceiveLoop? _receiveLoop;
    private TaskCompletionSource? _readable;

    /// <summary>
    /// Raised on the I/O thread for each datagram once <see cref="StartReceiving()"/> has been called (Node's
    /// <c>'message'</c>). The datagram is valid only while the handlers run.
    /// </summary>
    public event EventHandler<DatagramReceivedEventArgs>? Message;

    /// <summary>Starts the batched receive loop, raising <see cref="Message"/> for each datagram.</summary>
    public void StartReceiving() => StartReceiving(new MessageEventReceiver(this), null);

    /// <summary>
    /// Starts the batched receive loop: the shared I/O thread reads up to <see cref="ReceiveLoopOptions.BatchSize"/>
    /// datagrams per <c>recvmmsg</c> into pooled buffers and hands each to <paramref name="receiver"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A receive loop is already running.</exception>
    public void StartReceiving(IDatagramReceiver receiver, ReceiveLoopOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        options ??= new ReceiveLoopOptions();
        options.Validate();
        ObjectDisposedException.ThrowIf(IsClosed, this);
        TaskCompletionSource? readable;
        lock (_lock)
        {
            if (_receiveLoop is not null)
            {
                throw new InvalidOperationException($"The socket {_boundAddress} is already receiving.");
            }

            _receiveLoop = new ReceiveLoop(_handle, _boundAddress.ToString(), this, receiver, options, IsReceiveShutDown);
            readable = _readable;
            _readable = null;
        }

        readable?.TrySetException(new InvalidOperationException($"The socket {_boundAddress} started its receive loop while a ReceiveAsync was waiting; datagrams now go to the loop."));
        if (options.DedicatedThread)
        {
            _receiveLoop.StartDedicatedThread();
        }
        else
        {
            SetReadInterest(true);
        }
    }

    /// <summary>Receives one datagram into <paramref name="buffer"/>, waiting until one arrives.</summary>
    /// <exception cref="InvalidOperationException">The batched receive loop is running; or the socket was shut down
    /// for reading (<see cref="ShutdownReceive"/>) and its queue is empty, so no datagram can arrive any more.</exception>
    /// <exception cref="UnixSocketException">The kernel reported an error.</exception>
    public async ValueTask<ReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            // Read before the attempt: an empty queue is final only if the socket was already shut down for reading.
            var shutDown = IsReceiveShutDown;
            if (TryReceive(buffer.Span, out var result))
            {
                return result;
            }

            if (shutDown)
            {
                // Waiting would spin: a socket shut down for reading polls readable for good.
                throw new InvalidOperationException($"The socket {_boundAddress} was shut down for reading and its queue is empty: no datagram can arrive any more.");
            }

            var waiter = Waiter(ref _readable);
            SetReadInterest(true);
            await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Receives one datagram if one is queued, without waiting.</summary>
    /// <returns>False when the queue is empty.</returns>
    /// <exception cref="InvalidOperationException">The batched receive loop is running.</exception>
    public unsafe bool TryReceive(Span<byte> buffer, out ReceiveResult result)
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        if (_receiveLoop is not null)
        {
            throw new InvalidOperationException($"The socket {_boundAddress} delivers through its receive loop; it cannot also be read directly.");
        }

        var name = stackalloc byte[UnixSocketAddress.SockaddrSize];
        var control = stackalloc byte[ControlMessages.BufferSize];
        nint received;
        MsgHdr message;
        fixed (byte* data = buffer)
        {
            IoVec iov;
            iov.Base = data;
            iov.Length = (nuint)buffer.Length;
            do
            {
                message = new MsgHdr
                {
                    Name = name,
                    NameLength = UnixSocketAddress.SockaddrSize,
                    Iov = &iov,
                    IovLength = 1,
                    Control = control,
                    ControlLength = ControlMessages.BufferSize,
                };
                received = SocketCalls.RecvMsg(_handle, &message, Libc.MSG_DONTWAIT | Libc.MSG_TRUNC | Libc.MSG_CMSG_CLOEXEC);
            }
            while (received < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR);
        }

        if (received < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Errno.EAGAIN)
            {
                result = default;
                return false;
            }

            throw Throw(SocketErrors.Other(errno, "recvmsg", _boundAddress.ToString()));
        }

        var length = (int)received;
        result = new ReceiveResult(
            Math.Min(length, buffer.Length),
            length,
            (message.Flags & Libc.MSG_TRUNC) != 0 || length > buffer.Length,
            UnixSocketAddress.Read(new ReadOnlySpan<byte>(name, UnixSocketAddress.SockaddrSize), (int)message.NameLength),
            ControlMessages.ReadCredentials(new ReadOnlySpan<byte>(control, (int)message.ControlLength)));
        return true;
    }

    /// <summary>Whether the receive loop reads on a thread of its own now (dedicated, or promoted while busy).</summary>
    internal bool IsReceivingOnOwnThread => _receiveLoop?.IsOnThread ?? false;

    /// <summary>How many times the receive loop moved from the shared thread to a receive thread.</summary>
    internal int ReceivePromotions => _receiveLoop?.Promotions ?? 0;

    /// <summary>Buffers the receive loop has created so far.</summary>
    internal int ReceiveBuffersCreated => _receiveLoop?.BuffersCreated ?? 0;

    internal void SetReadInterest(bool on)
    {
        if (IsClosed)
        {
            return;
        }

        try
        {
            Registration.Update(add: on ? Libc.EPOLLIN : 0, remove: on ? 0 : Libc.EPOLLIN);
        }
        catch (ObjectDisposedException)
        {
            // Closed concurrently: there is nothing left to read.
        }
    }

    /// <inheritdoc />
    void IReceiveLoopEvents.SetReadInterest(bool on) => SetReadInterest(on);

    /// <inheritdoc />
    void IReceiveLoopEvents.RaiseError(UnixSocketException exception) => RaiseErrorOnIoThread(exception);

    void IIoTarget.OnReadable()
    {
        if (_receiveLoop is { } loop)
        {
            loop.OnReadable();
            return;
        }

        SetReadInterest(false);
        TaskCompletionSource? waiter;
        lock (_lock)
        {
            waiter = _readable;
            _readable = null;
        }

        waiter?.TrySetResult();
    }

    /// <summary>
    /// The shared waiter in <paramref name="field"/>, created if need be. The closed check is under the lock that
    /// <see cref="Close"/> takes to mark the socket closed, so a waiter is either failed by <see cref="FailWaiters"/>
    /// or never made.
    /// </summary>
    private TaskCompletionSource Waiter(ref TaskCompletionSource? field)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            return field ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private void FailWaiters(Exception exception)
    {
        TaskCompletionSource? readable, writable;
        lock (_lock)
        {
            readable = _readable;
            writable = _writable;
            _readable = _writable = null;
        }

        readable?.TrySetException(exception);
        writable?.TrySetException(exception);
    }

    /// <summary>Raises <see cref="Message"/> for each datagram, then returns it to the pool.</summary>
    private sealed class MessageEventReceiver(UnixDatagramSocket socket) : IDatagramReceiver
    {
        private readonly DatagramReceivedEventArgs _args = new();

        public void OnDatagram(Datagram datagram)
        {
            try
            {
                _args.Datagram = datagram;
                socket.Message?.Invoke(socket, _args);
            }
            finally
            {
                _args.Datagram = null!;
                datagram.Dispose();
            }
        }

        public void OnReceiveError(UnixSocketException exception)
        {
            // The loop raises Error itself.
        }
    }
}
