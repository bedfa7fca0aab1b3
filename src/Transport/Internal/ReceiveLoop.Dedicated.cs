using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport.Internal;

/// <content>
/// The dedicated-thread variant: a thread of the socket's own reads with <c>recvmmsg(MSG_DONTWAIT)</c> until the
/// kernel says <c>EAGAIN</c>, and only then waits in <c>poll</c> on the socket and an eventfd that <see cref="Stop"/>
/// writes to. A busy socket never waits, so it pays one system call per batch, as a C receiver would.
/// </content>
/// <remarks>
/// Nothing about the socket itself changes: no <c>O_NONBLOCK</c> flip (that flag belongs to the open file description,
/// which a socket passed by systemd shares with systemd), no receive timeout, no <c>shutdown</c> to wake the thread.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The dedicated thread owns the eventfd and closes it when it ends.")]
internal sealed unsafe partial class ReceiveLoop
{
    private readonly object _buffersReturned = new();
    private SafeFileHandle? _wake;
    private bool _dedicated;
    private bool _waitingForBuffers;

    public void StartDedicatedThread()
    {
        _dedicated = true;
        var fd = Epoll.EventFd(0, Epoll.EFD_CLOEXEC | Epoll.EFD_NONBLOCK);
        if (fd < 0)
        {
            throw SocketErrors.Other(Marshal.GetLastPInvokeError(), "eventfd", _socket.LocalAddressText);
        }

        _wake = new SafeFileHandle(fd, ownsHandle: true);
        var thread = new Thread(RunDedicated) { IsBackground = true, Name = "unix-dgram-recv " + _socket.LocalAddressText };
        thread.UnsafeStart();
    }

    private void RunDedicated()
    {
        _readerThread = Environment.CurrentManagedThreadId;
        try
        {
            while (WaitReadable())
            {
                while (ReadNonBlocking())
                {
                }
            }
        }
        catch (ObjectDisposedException)
        {
            // Closed while reading.
        }
        finally
        {
            _wake?.Dispose();
        }
    }

    /// <summary>Waits until the socket is readable or the loop is stopped; false when the loop is over.</summary>
    private bool WaitReadable()
    {
        var fds = stackalloc PollCalls.PollFd[2];
        bool socketAdded = false, wakeAdded = false;
        try
        {
            _socket.Handle.DangerousAddRef(ref socketAdded);
            _wake!.DangerousAddRef(ref wakeAdded);
            while (true)
            {
                if (Volatile.Read(ref _stopped))
                {
                    return false;
                }

                fds[0] = new PollCalls.PollFd { Fd = _socket.Handle.Fd, Events = PollCalls.POLLIN };
                fds[1] = new PollCalls.PollFd { Fd = (int)_wake.DangerousGetHandle(), Events = PollCalls.POLLIN };
                var ready = PollCalls.Poll(fds, 2, -1);
                if (ready < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Errno.EINTR)
                    {
                        continue;
                    }

                    Fail(new UnixSocketException(errno, "poll", _socket.LocalAddressText));
                    return false;
                }

                if (fds[1].ReturnedEvents != 0 || (fds[0].ReturnedEvents & PollCalls.POLLNVAL) != 0)
                {
                    return !Volatile.Read(ref _stopped) && (fds[0].ReturnedEvents & PollCalls.POLLNVAL) == 0;
                }

                if (fds[0].ReturnedEvents != 0)
                {
                    return true;
                }
            }
        }
        finally
        {
            if (wakeAdded)
            {
                _wake!.DangerousRelease();
            }

            if (socketAdded)
            {
                _socket.Handle.DangerousRelease();
            }
        }
    }

    /// <summary>One batch without waiting; false when the kernel queue is empty or the loop is over.</summary>
    private bool ReadNonBlocking()
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
                _reading = true;
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
                while (_waitingForBuffers && !Volatile.Read(ref _stopped))
                {
                    Monitor.Wait(_buffersReturned);
                }
            }

            return true;
        }

        for (var i = 0; i < count; i++)
        {
            _batch[i].Prepare(ref _messages[i].Header);
        }

        var received = SocketCalls.RecvMMsg(_socket.Handle, (MMsgHdr*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_messages)), (uint)count, Libc.MSG_DONTWAIT | Libc.MSG_TRUNC | Libc.MSG_CMSG_CLOEXEC, null);
        var errno = received < 0 ? Marshal.GetLastPInvokeError() : 0;
        if (received > 0 && _socket.IsReceiveShutDown && _messages[0].Length == 0 && _messages[0].Header.NameLength == 0)
        {
            // A socket shut down for reading returns one empty "message" with no sender: the end, not a datagram.
            Complete(count, 0, 0);
            End();
            return false;
        }

        if (received == 0)
        {
            // Zero datagrams without an error (EAGAIN would be the error): the end as well.
            Complete(count, 0, 0);
            End();
            return false;
        }

        return Complete(count, received, errno);
    }

    /// <summary>The socket can deliver nothing more: the thread ends instead of polling a socket that stays readable.</summary>
    private void End()
    {
        lock (_poolLock)
        {
            _stopped = true;
        }
    }

    /// <summary>Wakes the dedicated thread, wherever it waits, so that it sees the stop.</summary>
    private void WakeDedicated()
    {
        lock (_buffersReturned)
        {
            Monitor.PulseAll(_buffersReturned);
        }

        var wake = _wake;
        if (wake is null)
        {
            return;
        }

        var added = false;
        try
        {
            wake.DangerousAddRef(ref added);
            ulong one = 1;
            _ = Epoll.Write((int)wake.DangerousGetHandle(), &one, sizeof(ulong));
        }
        catch (ObjectDisposedException)
        {
            // The thread has already ended.
        }
        finally
        {
            if (added)
            {
                wake.DangerousRelease();
            }
        }
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
