using UnixDatagram.Handlers.Internal;

namespace UnixDatagram.Hosting.Endpoints;

/// <summary>
/// The per-sender rate limit of one endpoint (journald's <c>RateLimitIntervalSec=</c>/<c>RateLimitBurst=</c>): one
/// <see cref="RateLimiter"/> per sender uid or pid; senders whose credentials are unknown share one. Used by the
/// endpoint's receive thread only. Limiters idle for two intervals are forgotten once the table grows large; the
/// table is scanned for them each time it has doubled since the last scan, and while it is full at most once an
/// interval, so a sender cycling through new pids costs amortized constant time per datagram, not a scan each. At most
/// <see cref="MaxSenders"/> senders have a limiter of their own; past that, new senders share one until a scan frees
/// room (fail closed: a flood from ever new pids is limited as one sender, not admitted as many).
/// </summary>
internal sealed class SenderRateLimits(TimeProvider time, TimeSpan interval, int burst, SenderRateLimitKey keyKind)
{
    /// <summary>The key of senders without credentials.</summary>
    public const long Unknown = -1;

    /// <summary>How many senders may have a limiter of their own.</summary>
    public const int MaxSenders = 65536;

    private const int PruneAbove = 4096;
    private readonly Dictionary<long, RateLimiter> _limiters = [];
    private RateLimiter? _shared;
    private int _pruneAt = PruneAbove;
    private long _prunedAt = time.GetTimestamp();

    /// <summary>How many senders have a limiter of their own now.</summary>
    public int Count => _limiters.Count;

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
            // A full table is scanned again after an interval, whether or not the last scan freed anything: the
            // limiters of a burst that filled it are idle two intervals later, and new senders get their own again.
            if (_limiters.Count >= _pruneAt && (_limiters.Count < MaxSenders || time.GetElapsedTime(_prunedAt) >= interval))
            {
                Prune();
                _pruneAt = Math.Clamp(_limiters.Count * 2, PruneAbove, MaxSenders);
            }

            if (_limiters.Count < MaxSenders)
            {
                limiter = new RateLimiter(time, interval, burst);
                _limiters[key] = limiter;
            }
            else
            {
                limiter = _shared ??= new RateLimiter(time, interval, burst);
            }
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
        _prunedAt = now;
        foreach (var (key, limiter) in _limiters)
        {
            if (limiter.IsIdle(now, interval * 2))
            {
                _limiters.Remove(key);
            }
        }
    }
}
