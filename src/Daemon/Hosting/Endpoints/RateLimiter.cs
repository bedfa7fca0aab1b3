namespace UnixDatagram.Hosting;

/// <summary>Lets one log line through per interval and counts the ones it held back, so a flood of drops is visible without flooding the log.</summary>
internal sealed class RateLimiter(TimeProvider time, TimeSpan interval)
{
    private readonly Lock _lock = new();
    private long _last = long.MinValue;
    private long _suppressed;

    /// <summary>True when a line may be written now; <paramref name="suppressed"/> is how many were held back since the last one.</summary>
    public bool TryAcquire(out long suppressed)
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            if (_last != long.MinValue && time.GetElapsedTime(_last, now) < interval)
            {
                _suppressed++;
                suppressed = 0;
                return false;
            }

            _last = now;
            suppressed = _suppressed;
            _suppressed = 0;
            return true;
        }
    }
}
