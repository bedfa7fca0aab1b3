using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport.Internal;

/// <summary>
/// The batched receive path: on readiness, <c>recvmmsg</c> into pooled, pinned buffers and hand each datagram to
/// the receiver. When the pool is empty the loop stops reading, so the kernel queue fills and senders feel it.
/// </summary>
internal sealed unsafe partial class ReceiveLoop
{
    private readonly UnixDatagramSocket _socket;
    private readonly IDatagramReceiver _receiver;
    private readonly int _batchSize;
    private readonly MMsgHdr[] _messages;
    private readonly Datagram[] _batch;
    private readonly Datagram[] _free;
    private readonly AddressCache _addresses = new();
    private readonly Lock _poolLock = new();
    private int _freeCount;
    private bool _paused;
    private bool _stopped;

    /// <summary>A batch is being read or delivered (under the pool lock); <see cref="Stop"/> waits for it to end.</summary>
    private bool _reading;

    /// <summary>The thread that reads; a receiver that stops the loop from inside a delivery must not wait for itself.</summary>
    private int _readerThread;
    private TaskCompletionSource? _batchEnded;

    public ReceiveLoop(UnixDatagramSocket socket, IDatagramReceiver receiver, ReceiveLoopOptions options)
    {
        _socket = socket;
        _receiver = receiver;
        _batchSize = options.BatchSize;
        var poolSize = Math.Max(options.MaxInFlight, options.BatchSize);
        _free = new Datagram[poolSize];
        for (var i = 0; i < poolSize; i++)
        {
            _free[i] = new Datagram(this, options.MaxDatagramSize);
        }

        _freeCount = poolSize;
        _batch = new Datagram[_batchSize];
        _messages = GC.AllocateArray<MMsgHdr>(_batchSize, pinned: true);
    }

    /// <summary>Reads until the kernel queue is empty or the pool is.</summary>
    public void OnReadable()
    {
        while (true)
        {
            int count;
            lock (_poolLock)
            {
                if (_stopped)
                {
                    return;
                }

                count = Math.Min(_batchSize, _freeCount);
                if (count == 0)
                {
                    _paused = true;
                    _socket.SetReadInterest(false);
                    return;
                }

                _reading = true;
                _readerThread = Environment.CurrentManagedThreadId;
                for (var i = 0; i < count; i++)
                {
                    _batch[i] = _free[--_freeCount];
                }
            }

            for (var i = 0; i < count; i++)
            {
                _batch[i].Prepare(ref _messages[i].Header);
            }

            // MSG_TRUNC makes msg_len the datagram's real length (Linux 3.4+ for AF_UNIX), so truncation is measured.
            var received = SocketCalls.RecvMMsg(_socket.Handle, (MMsgHdr*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_messages)), (uint)count, Libc.MSG_DONTWAIT | Libc.MSG_TRUNC | Libc.MSG_CMSG_CLOEXEC, null);
            var errno = received < 0 ? Marshal.GetLastPInvokeError() : 0;

            // A short batch means the queue is empty: back to epoll rather than a call that would say EAGAIN.
            if (!Complete(count, received, errno) || received < count)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Delivers what one <c>recvmmsg</c> returned and puts the unused buffers back; false when reading should stop
    /// for now (queue empty, or the loop failed).
    /// </summary>
    private bool Complete(int count, int received, int errno)
    {
        if (received < 0)
        {
            received = 0;
        }

        for (var i = 0; i < received; i++)
        {
            var datagram = _batch[i];
            datagram.Complete(in _messages[i].Header, (int)_messages[i].Length, _addresses);
            Deliver(datagram);
        }

        lock (_poolLock)
        {
            for (var i = received; i < count; i++)
            {
                _free[_freeCount++] = _batch[i];
            }

            _reading = false;
            if (_stopped)
            {
                _batchEnded?.TrySetResult();
            }
        }

        Array.Clear(_batch, 0, count);
        switch (errno)
        {
            case 0:
                return true;
            case Errno.EAGAIN:
                // The queue is empty: back to epoll (shared loop) or poll (dedicated thread).
                return false;
            case Errno.EINTR:
                return true;
            case Errno.ECONNRESET:
                // A pending socket error (SO_ERROR), cleared by this very call: a peer this socket was paired with
                // went away. It is news, not a broken socket, so report it and go on reading.
                _socket.RaiseErrorOnIoThread(new UnixSocketException(errno, "recvmmsg", _socket.LocalAddressText));
                return true;
            default:
                Fail(new UnixSocketException(errno, "recvmmsg", _socket.LocalAddressText));
                return false;
        }
    }

    /// <summary>Takes a datagram back; resumes reading if the loop had paused for want of buffers.</summary>
    public void Return(Datagram datagram)
    {
        bool resume;
        lock (_poolLock)
        {
            _free[_freeCount++] = datagram;
            resume = _paused && !_stopped;
            _paused = false;
            if (_dedicated)
            {
                SignalBufferReturned();
            }
        }

        if (resume)
        {
            _socket.SetReadInterest(true);
        }
    }

    /// <summary>
    /// Stops reading; datagrams still out return to a pool that is then dropped. The task completes once no batch is
    /// being read or delivered, so that nothing is taken from the kernel queue afterwards (at once when called from
    /// inside a delivery).
    /// </summary>
    public Task Stop()
    {
        Task ended;
        lock (_poolLock)
        {
            _stopped = true;
            ended = _reading && _readerThread != Environment.CurrentManagedThreadId
                ? (_batchEnded ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task
                : Task.CompletedTask;
        }

        if (_dedicated)
        {
            WakeDedicated();
        }

        return ended;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Deliver(Datagram datagram)
    {
        try
        {
            _receiver.OnDatagram(datagram);
        }
#pragma warning disable CA1031 // A receiver that throws loses its datagram, not the loop.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            datagram.Dispose();
            _socket.RaiseErrorOnIoThread(ex as UnixSocketException ?? new UnixSocketException(0, "receive callback", _socket.LocalAddressText, "The datagram receiver threw: " + ex.Message));
        }
    }

    private void Fail(UnixSocketException error)
    {
        _ = Stop();
        _socket.SetReadInterest(false);
        try
        {
            _receiver.OnReceiveError(error);
        }
#pragma warning disable CA1031 // The receiver's fault must not end the I/O thread; Error still reports the cause.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        _socket.RaiseErrorOnIoThread(error);
    }
}
