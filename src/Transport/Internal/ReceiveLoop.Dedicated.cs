using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport.Internal;

/// <content>
/// The dedicated-thread variant: a thread of the socket's own blocks in <c>recvmmsg(MSG_WAITFORONE)</c>, which wakes
/// on the first datagram and takes whatever else is queued, one system call per batch, as a C receiver would.
/// </content>
internal sealed unsafe partial class ReceiveLoop
{
    /// <summary>How often a blocked thread looks up to notice a stop: the socket's receive timeout.</summary>
    private static readonly TimeSpan StopCheckInterval = TimeSpan.FromMilliseconds(250);

    private readonly object _buffersReturned = new();
    private bool _dedicated;
    private bool _waitingForBuffers;

    public void StartDedicatedThread()
    {
        _dedicated = true;
        PrepareBlockingSocket();
        var thread = new Thread(RunDedicated) { IsBackground = true, Name = "unix-dgram-recv " + _socket.LocalAddressText };
        thread.UnsafeStart();
    }

    /// <summary>Blocking reads, with a timeout so a stop is noticed even when nothing arrives.</summary>
    private void PrepareBlockingSocket()
    {
        var handle = _socket.Handle;
        var flags = SocketCalls.Fcntl(handle, Libc.F_GETFL, 0);
        if (flags >= 0 && (flags & Libc.O_NONBLOCK) != 0)
        {
            // A socket handed over non-blocking would make the thread spin.
            _ = SocketCalls.Fcntl(handle, Libc.F_SETFL, flags & ~Libc.O_NONBLOCK);
        }

        var timeout = stackalloc long[2] { 0, (long)StopCheckInterval.TotalMicroseconds };
        if (SocketCalls.SetSockOpt(handle, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, timeout, 2 * sizeof(long)) != 0)
        {
            throw SocketErrors.Other(Marshal.GetLastPInvokeError(), "setsockopt SO_RCVTIMEO", _socket.LocalAddressText);
        }
    }

    private void RunDedicated()
    {
        try
        {
            while (ReadBlocking())
            {
            }
        }
        catch (ObjectDisposedException)
        {
            // Closed while reading.
        }
    }

    /// <summary>One batch; false when the loop is over.</summary>
    private bool ReadBlocking()
    {
        int count;
        lock (_poolLock)
        {
            if (_stopped)
            {
                return false;
            }

            count = Math.Min(_batchSize, _freeCount);
            _waitingForBuffers = count == 0;
            if (!_waitingForBuffers)
            {
                for (var i = 0; i < count; i++)
                {
                    _batch[i] = _free[--_freeCount];
                }
            }
        }

        if (count == 0)
        {
            // Every buffer is out with the receiver: leave the datagrams in the kernel queue, so senders feel it.
            lock (_buffersReturned)
            {
                if (_waitingForBuffers)
                {
                    Monitor.Wait(_buffersReturned, StopCheckInterval);
                }
            }

            return true;
        }

        for (var i = 0; i < count; i++)
        {
            _batch[i].Prepare(ref _messages[i].Header);
        }

        var received = SocketCalls.RecvMMsg(_socket.Handle, (MMsgHdr*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_messages)), (uint)count, Libc.MSG_WAITFORONE | Libc.MSG_TRUNC | Libc.MSG_CMSG_CLOEXEC, null);
        var errno = received < 0 ? Marshal.GetLastPInvokeError() : 0;
        if (received > 0 && _socket.IsReceiveShutDown && _messages[0].Length == 0 && _messages[0].Header.NameLength == 0)
        {
            // A blocking read on a socket shut down for reading returns one empty "message" with no sender: the end,
            // not a datagram.
            Complete(count, 0, 0);
            return false;
        }

        // Zero datagrams without an error: the end as well.
        return Complete(count, received, errno) && received != 0;
    }

    /// <summary>Wakes a dedicated thread that waits for a buffer. Called under the pool lock.</summary>
    private void SignalBufferReturned()
    {
        lock (_buffersReturned)
        {
            if (_waitingForBuffers)
            {
                _waitingForBuffers = false;
                Monitor.PulseAll(_buffersReturned);
            }
        }
    }
}
