using System.Runtime.CompilerServices;
using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport.Internal;

/// <content>
/// One batch: buffers taken from the pool, message headers pointed at them, one <c>recvmmsg</c>, each datagram
/// delivered to the receiver, the unused buffers put back. Whichever thread reads (the shared one or a receive thread)
/// goes through here.
/// </content>
internal sealed unsafe partial class ReceiveLoop
{
    /// <summary>Buffers a batch starts with; it doubles each time a <c>recvmmsg</c> fills it, up to the batch size.</summary>
    private const int InitialBatch = 4;

    private readonly int _batchSize;
    private readonly MMsgHdr[] _messages;
    private readonly Datagram[] _batch;
    private readonly AddressCache _addresses = new();

    /// <summary>How many buffers the next batch asks for: grows with load, so a quiet socket holds few.</summary>
    private int _want;

    /// <summary>
    /// <c>shutdown(SHUT_RD)</c> has returned: the kernel queue can only shrink, so <c>EAGAIN</c> from a read that began
    /// after this was set means it is empty for good.
    /// </summary>
    private volatile bool _receiveShutDown;

    /// <summary>Whether the socket was already shut down for reading when the current batch's <c>recvmmsg</c> began.</summary>
    private bool _batchAfterShutdown;

    private enum Batch
    {
        /// <summary>Datagrams (or an error) came back from <c>recvmmsg</c>.</summary>
        Read,

        /// <summary>Every buffer is out with the receiver; <see cref="_waitingForBuffers"/> is set.</summary>
        NoBuffers,

        /// <summary>The loop was stopped, or the caller is not the loop's reader now.</summary>
        NotReading,
    }

    /// <summary>
    /// The socket was shut down for reading (called once <c>shutdown(SHUT_RD)</c> has returned): the loop reads what is
    /// queued and ends when the queue is empty (<see cref="Ended"/>). Nothing needs waking: a loop waiting for buffers
    /// reads when one returns, and one waiting for readiness is woken by the kernel, which reports the socket readable
    /// from the shutdown on.
    /// </summary>
    public void OnReceiveShutDown() => _receiveShutDown = true;

    /// <summary>
    /// Takes a batch of buffers from the pool, points the message headers at them, and reads once with
    /// <c>recvmmsg(MSG_DONTWAIT)</c>; the caller delivers with <see cref="Complete"/>.
    /// </summary>
    private Batch ReadBatch(bool onThread, out int count, out int received, out int errno)
    {
        received = errno = 0;
        lock (_poolLock)
        {
            count = 0;
            if (_stopped || onThread != _onThread)
            {
                return Batch.NotReading;
            }

            count = Math.Min(_want, _pool.Available);
            if (count == 0)
            {
                _waitingForBuffers = true;
                if (!onThread)
                {
                    // Under the lock, so that a Return that resumes reading cannot come in between.
                    _events.SetReadInterest(false);
                }

                return Batch.NoBuffers;
            }

            _reading = true;
            _readerThread = Environment.CurrentManagedThreadId;
            for (var i = 0; i < count; i++)
            {
                _batch[i] = _pool.Take();
            }
        }

        for (var i = 0; i < count; i++)
        {
            _batch[i].Prepare(ref _messages[i].Header);
        }

        // Read before the call: only a read that began after shutdown(SHUT_RD) returned may take EAGAIN as the end.
        _batchAfterShutdown = _receiveShutDown;

        // MSG_TRUNC makes msg_len the datagram's real length (Linux 3.4+ for AF_UNIX), so truncation is measured.
        received = SocketCalls.RecvMMsg(_handle, (MMsgHdr*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_messages)), (uint)count, Libc.MSG_DONTWAIT | Libc.MSG_TRUNC | Libc.MSG_CMSG_CLOEXEC, null);
        errno = received < 0 ? Marshal.GetLastPInvokeError() : 0;
        return Batch.Read;
    }

    /// <summary>
    /// Delivers what one <c>recvmmsg</c> returned and puts the unused buffers back; false when reading should stop
    /// for now (queue empty, the socket at its end, or the loop failed).
    /// </summary>
    private bool Complete(int count, int received, int errno)
    {
        // With MSG_DONTWAIT an AF_UNIX datagram socket never reports end of file: shut down for reading and empty, it
        // says EAGAIN (unix_dgram_recvmsg turns that into 0 only for SOCK_SEQPACKET), and a message of length 0 with no
        // sender is a real datagram (an unnamed sender's empty one), never the end. Since no sender can add to the
        // queue once shutdown(SHUT_RD) returned, EAGAIN from a read begun after that is the end; stopping there also
        // keeps the loop from spinning, since the socket then polls readable (EPOLLIN | EPOLLRDHUP) for good.
        var ended = received <= 0 && _batchAfterShutdown && (received == 0 || errno == Errno.EAGAIN);
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
                _pool.Add(_batch[i]);
            }

            if (received == count && _want < _batchSize)
            {
                _want = Math.Min(_batchSize, _want * 2);
            }

            _reading = false;
            if (ended)
            {
                // Nothing more will come: stop, rather than poll a socket that stays readable.
                _stopped = true;
                _events.SetReadInterest(false);
            }

            if (_stopped)
            {
                _ended.TrySetResult();
            }
        }

        Array.Clear(_batch, 0, count);
        if (ended)
        {
            return false;
        }

        if (received == 0 && errno == 0)
        {
            // Nothing read and no error: wait for readiness, as after EAGAIN.
            return false;
        }

        switch (errno)
        {
            case 0:
                return true;
            case Errno.EAGAIN:
                // The queue is empty: back to epoll (shared thread) or poll (a thread of its own).
                return false;
            case Errno.EINTR:
                return true;
            case Errno.ECONNRESET:
                // A pending socket error (SO_ERROR), cleared by this very call: a peer this socket was paired with
                // went away. It is news, not a broken socket, so report it and go on reading.
                _events.RaiseError(new UnixSocketException(errno, "recvmmsg", _address));
                return true;
            default:
                Fail(new UnixSocketException(errno, "recvmmsg", _address));
                return false;
        }
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
            _events.RaiseError(ex as UnixSocketException ?? new UnixSocketException(0, "receive callback", _address, "The datagram receiver threw: " + ex.Message));
        }
    }
}
