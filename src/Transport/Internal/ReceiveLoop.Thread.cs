using System.Diagnostics;
using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport.Internal;

/// <content>
/// Reading on a thread of the loop's own: <c>recvmmsg(MSG_DONTWAIT)</c> until the kernel says <c>EAGAIN</c>, and only
/// then a wait in <c>poll</c> on the socket and an <see cref="EventFd"/> that <see cref="Stop"/> signals. A busy
/// socket never waits, so it pays one system call per batch, as a C receiver would. The thread is the loop's for its
/// whole life (<see cref="ReceiveLoopOptions.DedicatedThread"/>), or only while the socket is busy
/// (<see cref="ReceiveLoopOptions.PromoteWhenBusy"/>; when to hand it over and back is in ReceiveLoop.Promotion.cs).
/// </content>
/// <remarks>
/// Nothing about the socket itself changes: no <c>O_NONBLOCK</c> flip (that flag belongs to the open file description,
/// which a socket passed by systemd shares with systemd), no receive timeout, no <c>shutdown</c> to wake the thread.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Each receive thread owns its eventfd and closes it when it ends.")]
internal sealed unsafe partial class ReceiveLoop
{
    private readonly object _buffersReturned = new();

    /// <summary>The eventfd of the current receive thread (each thread closes its own when it ends).</summary>
    private volatile SafeFileHandle? _wake;

    /// <summary>Whether a receive thread, not the shared epoll thread, reads now. Under the pool lock.</summary>
    private bool _onThread;

    /// <summary>Whether a receive thread reads now (the loop's own, or a promoted one).</summary>
    public bool IsOnThread
    {
        get
        {
            lock (_poolLock)
            {
                return _onThread;
            }
        }
    }

    /// <summary>Starts a thread that reads for as long as the loop runs.</summary>
    public void StartDedicatedThread()
    {
        lock (_poolLock)
        {
            _onThread = true;
        }

        StartThread(permanent: true, "unix-dgram-recv " + _address);
    }

    private void StartThread(bool permanent, string name)
    {
        var wake = EventFd.Create(_address);
        _wake = wake;
        var thread = new Thread(() => RunThread(wake, permanent)) { IsBackground = true, Name = name };
        thread.UnsafeStart();
    }

    private void RunThread(SafeFileHandle wake, bool permanent)
    {
        var holdsAllowance = !permanent;
        var windowStart = Stopwatch.GetTimestamp();
        var windowCount = 0;
        try
        {
            while (true)
            {
                var readable = WaitReadable(wake, permanent ? -1 : _demoteWindowMs);
                if (readable is null)
                {
                    return;
                }

                if (readable.Value)
                {
                    while (ReadNonBlocking(ref windowCount))
                    {
                    }
                }

                if (permanent)
                {
                    continue;
                }

                var now = Stopwatch.GetTimestamp();
                if (now - windowStart < Ticks(_demoteWindowMs))
                {
                    continue;
                }

                if (windowCount < _demoteBelow && TryDemote())
                {
                    holdsAllowance = false;
                    return;
                }

                windowStart = now;
                windowCount = 0;
            }
        }
        catch (ObjectDisposedException)
        {
            // Closed while reading.
        }
        finally
        {
            if (holdsAllowance)
            {
                ReceiveThreads.Release();
            }

            wake.Dispose();
        }
    }

    /// <summary>
    /// Waits until the socket is readable (true), <paramref name="timeoutMs"/> passes (false), or the loop is over
    /// (null).
    /// </summary>
    private bool? WaitReadable(SafeFileHandle wake, int timeoutMs)
    {
        var fds = stackalloc PollFd[2];
        bool socketAdded = false, wakeAdded = false;
        try
        {
            _handle.DangerousAddRef(ref socketAdded);
            wake.DangerousAddRef(ref wakeAdded);
            while (true)
            {
                if (Volatile.Read(ref _stopped))
                {
                    return null;
                }

                fds[0] = new PollFd { Fd = _handle.Fd, Events = Libc.POLLIN };
                fds[1] = new PollFd { Fd = (int)wake.DangerousGetHandle(), Events = Libc.POLLIN };
                var ready = PollCalls.Poll(fds, 2, timeoutMs);
                if (ready < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Errno.EINTR)
                    {
                        continue;
                    }

                    Fail(new UnixSocketException(errno, "poll", _address));
                    return null;
                }

                if (fds[1].ReturnedEvents != 0 || (fds[0].ReturnedEvents & Libc.POLLNVAL) != 0)
                {
                    return Volatile.Read(ref _stopped) || (fds[0].ReturnedEvents & Libc.POLLNVAL) != 0 ? null : true;
                }

                return fds[0].ReturnedEvents != 0;
            }
        }
        finally
        {
            if (wakeAdded)
            {
                wake.DangerousRelease();
            }

            if (socketAdded)
            {
                _handle.DangerousRelease();
            }
        }
    }

    /// <summary>One batch without waiting; false when the kernel queue is (or was just) empty or the loop is over.</summary>
    private bool ReadNonBlocking(ref int received)
    {
        var batch = ReadBatch(onThread: true, out var count, out var got, out var errno);
        if (batch == Batch.NotReading)
        {
            return false;
        }

        if (batch == Batch.NoBuffers)
        {
            // Every buffer is out with the receiver: leave the datagrams in the kernel queue, so senders feel it.
            lock (_buffersReturned)
            {
                while (Volatile.Read(ref _waitingForBuffers) && !Volatile.Read(ref _stopped))
                {
                    Monitor.Wait(_buffersReturned);
                }
            }

            return true;
        }

        received += Math.Max(got, 0);

        // A short batch means the queue was empty: wait in poll rather than make a call that would say EAGAIN. While
        // the receiver keeps up with its senders that saves one system call per wake-up (poll, recvmmsg; as a C
        // receiver's one blocking recv per datagram), and poll returns at once if a datagram came meanwhile.
        return Complete(count, got, errno) && got == count;
    }

    /// <summary>Wakes the receive thread, wherever it waits, so that it sees the stop.</summary>
    private void WakeThread()
    {
        lock (_buffersReturned)
        {
            Monitor.PulseAll(_buffersReturned);
        }

        if (_wake is { } wake)
        {
            EventFd.Signal(wake);
        }
    }

    /// <summary>Wakes a receive thread that waits for a buffer.</summary>
    private void SignalBufferReturned()
    {
        lock (_buffersReturned)
        {
            Monitor.PulseAll(_buffersReturned);
        }
    }
}
