using UnixDatagram.Handlers.Internal;

namespace UnixDatagram.Hosting.Endpoints;

/// <summary>
/// The per-sender rate limit of one endpoint (journald's <c>RateLimitIntervalSec=</c>/<c>RateLimitBurst=</c>): one
/// <see cref="RateLimiter"/> per sender uid or pid; senders whose credentials are unknown share one. Used by the
/// endpoint's receive thread only. Limiters idle for two intervals are forgotten once the table grows large.
/// </summary>
internal sealed class SenderRateLimits(TimeProvider time, TimeSpan interval, int burst, SenderRateLimitKey keyKind)
{
    /// <summary>The key of senders without credentials.</summary>
    public const long Unknown = -1;

    private const int PruneAbove = 4096;
    private readonly Dictionary<long, RateLimiter> _limiters = [];

    /// <summary>The key of a sender: its uid or pid, or <see cref="Unknown"/>.</summary>
    public long Key(UnixCredentials? credentials) => credentials switch
    {
        null => Unknown,
        { } c when keyKind == SenderRateLimitKey.ProcessId => c.ProcessId,
        { } c => c.UserId,
    };

    /// <summary>
    /// Whether the sender may pass. When it may, <paramref name="suppressedBefore"/> is how many of its datagrams were
    /// suppressed in the intervals before (to report); when it may not, <paramref name="firstSuppressed"/> says this is
    /// the first one held back since it last passed.
    /// </summary>
    public bool TryAdmit(long key, out long suppressedBefore, out bool firstSuppressed)
    {
        if (!_limiters.TryGetValue(key, out var limiter))
        {
            if (_limiters.Count >= PruneAbove)
            {
                Prune();
            }

            limiter = new RateLimiter(time, interval, burst);
            _limiters[key] = limiter;
        }

        if (limiter.TryAcquire(out suppressedBefore))
        {
            firstSuppressed = false;
            return true;
        }

        firstSuppressed = limiter.Pending == 1;
        return false;
    }

    private void Prune()
    {
        var now = time.GetTimestamp();
        foreach (var (key, limiter) in _limiters)
        {
            if (limiter.IsIdle(now, interval * 2))
            {
                _limiters.Remove(key);
            }
        }
    }
}
