using System.Diagnostics;

namespace UnixDatagram.Transport.Internal;

/// <content>
/// Handing a busy socket from the shared epoll thread to a receive thread, and back
/// (<see cref="ReceiveLoopOptions.PromoteWhenBusy"/>): the shared thread hands a socket over once it has read
/// <see cref="ReceiveLoopOptions.PromoteAfter"/> (1,000) datagrams within <see cref="PromoteWindowMs"/> (or spent more
/// than <see cref="SlowDeliveryMs"/> in its receiver at once), if one of the <see cref="ReceiveThreads"/> is free, and
/// the thread hands it back after <see cref="ReceiveLoopOptions.DemoteWindowMilliseconds"/> (a second) with fewer than
/// <see cref="ReceiveLoopOptions.DemoteBelow"/> (1,000) datagrams.
/// </content>
internal sealed partial class ReceiveLoop
{
    /// <summary>The window in which <see cref="ReceiveLoopOptions.PromoteAfter"/> datagrams make a socket busy.</summary>
    private const int PromoteWindowMs = 100;

    /// <summary>One wake of the shared thread spent longer than this in this socket's receiver promotes it.</summary>
    private const int SlowDeliveryMs = 20;

    private static readonly long PromoteWindow = Ticks(PromoteWindowMs);
    private static readonly long SlowDelivery = Ticks(SlowDeliveryMs);

    private readonly bool _promotable;
    private readonly int _promoteAfter;
    private readonly int _demoteBelow;
    private readonly int _demoteWindowMs;

    private int _promotions;
    private long _windowStart;
    private int _windowCount;

    /// <summary>How many times the shared thread has handed this loop to a receive thread.</summary>
    public int Promotions
    {
        get
        {
            lock (_poolLock)
            {
                return _promotions;
            }
        }
    }

    /// <summary>
    /// Counts what the shared thread read; true when the socket has been busy enough to deserve a thread, or its
    /// receiver held the shared thread longer than <see cref="SlowDeliveryMs"/> (a slow synchronous handler should
    /// hold up only its own socket).
    /// </summary>
    private bool IsBusy(long started, int received)
    {
        var now = Stopwatch.GetTimestamp();
        if (now - started > SlowDelivery)
        {
            return true;
        }

        if (now - _windowStart > PromoteWindow)
        {
            _windowStart = now;
            _windowCount = 0;
        }

        _windowCount += received;
        if (_windowCount < _promoteAfter)
        {
            return false;
        }

        _windowCount = 0;
        return true;
    }

    /// <summary>On the shared thread: hands the socket to a receive thread, if one of the allowance is free.</summary>
    private void TryPromote()
    {
        if (!ReceiveThreads.TryAcquire())
        {
            return;
        }

        lock (_poolLock)
        {
            if (_stopped || _onThread)
            {
                ReceiveThreads.Release();
                return;
            }

            _onThread = true;
            _promotions++;
            _events.SetReadInterest(false);
        }

        try
        {
            StartThread(permanent: false, "unix-dgram-busy");
        }
        catch (UnixSocketException)
        {
            // No eventfd (descriptors exhausted): stay on the shared thread.
            ReceiveThreads.Release();
            lock (_poolLock)
            {
                _onThread = false;
                if (!_stopped)
                {
                    _events.SetReadInterest(true);
                }
            }
        }
    }

    /// <summary>On a promoted thread gone quiet: hands the socket back to the shared epoll thread; false if stopped meanwhile.</summary>
    private bool TryDemote()
    {
        lock (_poolLock)
        {
            if (_stopped)
            {
                return false;
            }

            _onThread = false;

            // Under the lock: a Stop that follows turns the interest off again after this.
            _events.SetReadInterest(true);
        }

        ReceiveThreads.Release();
        return true;
    }
}
