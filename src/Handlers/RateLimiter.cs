namespace UnixDatagram.Handlers;

/// <summary>
/// journald's rate limit (<c>RateLimitIntervalSec=</c>, <c>RateLimitBurst=</c>): the first <c>burst</c> events of
/// each interval pass, the rest are held back and counted, and the first event of the next interval learns how many
/// were held back. The one rate limiter of the daemon: log lines (drops, rejections, failures, forward warnings) and
/// per-sender datagram limits all use it, and so can an application's own handlers and services. Thread-safe.
/// </summary>
public sealed class RateLimiter
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly int _burst;
    private readonly Lock _lock = new();
    private long _windowStart = long.MinValue;
    private int _passed;
    private long _suppressed;

    /// <summary>Creates a limiter that lets <paramref name="burst"/> events through per <paramref name="interval"/>.</summary>
    /// <param name="time">The clock (<see cref="TimeProvider.System"/>, or a fake one in tests).</param>
    /// <param name="interval">The length of a window.</param>
    /// <param name="burst">How many events pass per window; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="burst"/> is less than 1.</exception>
    public RateLimiter(TimeProvider time, TimeSpan interval, int burst = 1)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        _time = time;
        _interval = interval;
        _burst = burst;
    }

    /// <summary>Events held back since the last one that passed.</summary>
    public long Pending
    {
        get
        {
            lock (_lock)
            {
                return _suppressed;
            }
        }
    }

    /// <summary>
    /// Takes the count of events held back and not reported yet, for a closing report (when a condition ends, or at
    /// stop), so that the next event that passes does not report them again.
    /// </summary>
    public long TakeSuppressed()
    {
        lock (_lock)
        {
            var suppressed = _suppressed;
            _suppressed = 0;
            return suppressed;
        }
    }

    /// <summary>
    /// True when the event may pass now; <paramref name="suppressed"/> is then how many were held back in the
    /// intervals before (0 when it returns false).
    /// </summary>
    /// <param name="suppressed">The events held back before this one, when it passes.</param>
    public bool TryAcquire(out long suppressed)
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            if (_windowStart == long.MinValue || _time.GetElapsedTime(_windowStart, now) >= _interval)
            {
                _windowStart = now;
                _passed = 0;
            }

            if (_passed < _burst)
            {
                _passed++;
                suppressed = _suppressed;
                _suppressed = 0;
                return true;
            }

            _suppressed++;
            suppressed = 0;
            return false;
        }
    }

    /// <summary>Whether the limiter has seen nothing for longer than <paramref name="idle"/> (so a table of them can forget it).</summary>
    /// <param name="now">A timestamp of the limiter's clock (<see cref="TimeProvider.GetTimestamp"/>).</param>
    /// <param name="idle">How long without an event counts as idle.</param>
    public bool IsIdle(long now, TimeSpan idle)
    {
        lock (_lock)
        {
            return _suppressed == 0 && (_windowStart == long.MinValue || _time.GetElapsedTime(_windowStart, now) >= idle);
        }
    }
}
