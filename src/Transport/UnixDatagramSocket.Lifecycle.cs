using UnixDatagram.Transport.Internal;

namespace UnixDatagram.Transport;

/// <content>Stopping the receive loop, and checking the socket file, for hosts that manage many sockets.</content>
public sealed partial class UnixDatagramSocket
{
    /// <summary>
    /// Whether the socket file this object bound is still in place: same inode at the same path. True for abstract
    /// names; for an adopted socket, true while a socket file exists at its path. False once closed.
    /// </summary>
    public bool IsSocketFileIntact
    {
        get
        {
            if (IsClosed)
            {
                return false;
            }

            if (_boundAddress.Kind != UnixAddressKind.Path)
            {
                return _boundAddress.IsAddressable;
            }

            var current = FileIdentity.Of(_boundAddress.Value);
            return _ownFile is { } own ? own.IsSameFile(current) : current is { IsSocket: true };
        }
    }

    /// <summary>
    /// Stops the batched receive loop started by <see cref="StartReceiving(IDatagramReceiver, ReceiveLoopOptions?)"/>;
    /// datagrams still queued in the kernel stay there. A batch the loop was already reading may still reach the
    /// receiver; <see cref="StopReceivingAsync"/> waits for it.
    /// </summary>
    public void StopReceiving() => _ = StopLoop();

    /// <summary>
    /// Stops the batched receive loop and completes once no batch is being read or delivered: from then on nothing is
    /// taken from the kernel queue, so <see cref="CountQueued"/> sees every datagram the loop did not read.
    /// Completes at once when called from the receiver itself, or when no loop runs.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (the loop is stopped all the same).</param>
    public Task StopReceivingAsync(CancellationToken cancellationToken) => StopLoop().WaitAsync(cancellationToken);

    private Task StopLoop()
    {
        ReceiveLoop? loop;
        lock (_lock)
        {
            loop = _receiveLoop;
            _receiveLoop = null;
        }

        if (loop is null)
        {
            return Task.CompletedTask;
        }

        var ended = loop.Stop();
        SetReadInterest(false);
        return ended;
    }

    /// <summary>Whether <see cref="ShutdownReceive"/> has shut the socket down for reading.</summary>
    internal bool IsReceiveShutDown { get; private set; }

    /// <summary>
    /// Refuses further datagrams (<c>shutdown(SHUT_RD)</c>): senders get <c>EPIPE</c> from now on, so the kernel queue
    /// can only shrink, while the datagrams already queued stay readable. A running receive loop goes on delivering
    /// them and ends when the queue is empty (<see cref="ShutdownReceiveAsync"/> waits for that); without a loop they
    /// are read with <see cref="TryReceive"/>. A host stopping gracefully calls this on a socket of its own, so that every
    /// datagram a sender saw accepted is still handled (or counted).
    /// </summary>
    /// <remarks>
    /// What the kernel does then (net/unix/af_unix.c): <c>unix_dgram_sendmsg</c> fails with <c>EPIPE</c> once the
    /// receiver has <c>RCV_SHUTDOWN</c>; <c>unix_dgram_poll</c> reports <c>EPOLLIN | EPOLLRDHUP</c> from then on, queued
    /// or not; a non-blocking read of the empty queue fails with <c>EAGAIN</c> (only <c>SOCK_SEQPACKET</c> turns that
    /// into end of file). A datagram of length 0 from an unnamed sender is still a datagram, never the end.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The socket is <see cref="IsAdopted">adopted</see>: shutting it down
    /// would break it for its owner and every later process it is passed to.</exception>
    /// <exception cref="UnixSocketException">The kernel refused.</exception>
    public void ShutdownReceive()
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        if (IsAdopted)
        {
            throw new InvalidOperationException($"The socket {_boundAddress} was passed to this process (systemd socket activation); it is never shut down, since its owner keeps it for the next process.");
        }

        if (Internal.Interop.SocketCalls.Shutdown(_handle, 0) != 0)
        {
            throw Throw(SocketErrors.Other(System.Runtime.InteropServices.Marshal.GetLastPInvokeError(), "shutdown", _boundAddress.ToString()));
        }

        // Only now: a read that finds the queue empty before shutdown returned may yet see a datagram arrive.
        ReceiveLoop? loop;
        lock (_lock)
        {
            IsReceiveShutDown = true;
            loop = _receiveLoop;
        }

        loop?.OnReceiveShutDown();
    }

    /// <summary>
    /// Shuts the socket down for reading (<see cref="ShutdownReceive"/>: senders get <c>EPIPE</c> from now on) and
    /// completes once the receive loop has read the kernel queue to its end and delivered every datagram in it; the
    /// loop then ends (<see cref="StopReceivingAsync"/> completes at once). Completes at once when no loop runs: queued
    /// datagrams then stay for <see cref="TryReceive"/>.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting; the socket stays shut down and the loop goes on reading.</param>
    /// <exception cref="InvalidOperationException">The socket is <see cref="IsAdopted">adopted</see>.</exception>
    /// <exception cref="UnixSocketException">The kernel refused.</exception>
    public Task ShutdownReceiveAsync(CancellationToken cancellationToken)
    {
        ShutdownReceive();
        ReceiveLoop? loop;
        lock (_lock)
        {
            loop = _receiveLoop;
        }

        return loop is null ? Task.CompletedTask : loop.Ended.WaitAsync(cancellationToken);
    }
}
