namespace UnixDatagram.Handlers.Internal;

/// <summary>
/// Lets one warning through per interval and counts the rest, so that a target that drops every datagram under load
/// says so once a second instead of flooding the log.
/// </summary>
internal sealed class WarningRateLimiter
{
    private readonly TimeProvider _time;
    private readonly long _interval;
    private long _next = long.MinValue;
    private int _suppressed;

    public WarningRateLimiter(TimeProvider time, TimeSpan interval)
    {
        _time = time;
        _interval = (long)(interval.TotalSeconds * time.TimestampFrequency);
    }

    /// <summary>Whether to log now; if so, <paramref name="suppressed"/> is how many were held back since the last one.</summary>
    public bool TryAcquire(out int suppressed)
    {
        var now = _time.GetTimestamp();
        var next = Volatile.Read(ref _next);
        if (now < next || Interlocked.CompareExchange(ref _next, now + _interval, next) != next)
        {
            Interlocked.Increment(ref _suppressed);
            suppressed = 0;
            return false;
        }

        suppressed = Interlocked.Exchange(ref _suppressed, 0);
        return true;
    }
}
