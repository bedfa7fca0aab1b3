using UnixDatagram.Hosting.Diagnostics;

namespace UnixDatagram.Hosting;

/// <summary>Running totals for one endpoint, read by metrics, health checks, <c>dgramd stats</c> and the systemd status line.</summary>
public sealed class EndpointStatistics
{
    private readonly RunningTotal _received = new();
    private readonly RunningTotal _bytes = new();
    private readonly RunningTotal _handled = new();
    private readonly RunningTotal _failed = new();
    private readonly RunningTotal _timedOut = new();
    private readonly RunningTotal _dropped = new();
    private readonly RunningTotal _truncated = new();
    private readonly RunningTotal _rejected = new();
    private readonly RunningTotal _replyDropped = new();
    private readonly RunningTotal _suppressed = new();
    private readonly RunningTotal _overruns = new();

    private readonly RunningTotal _selfSent = new();
    private int _queued;

    internal EndpointStatistics(string name, TimeProvider time)
    {
        Name = name;
        RecentProblems = new RecentProblems(time);
    }

    /// <summary>The endpoint's name.</summary>
    public string Name { get; }

    /// <summary>Datagrams read from the socket.</summary>
    public long Received => _received.Value;

    /// <summary>Payload bytes read from the socket.</summary>
    public long Bytes => _bytes.Value;

    /// <summary>Datagrams every handler completed without error.</summary>
    public long Handled => _handled.Value;

    /// <summary>Datagrams for which a handler threw (each counted once).</summary>
    public long Failed => _failed.Value;

    /// <summary>Datagrams whose handlers were cancelled after <c>HandlerTimeout</c>.</summary>
    public long TimedOut => _timedOut.Value;

    /// <summary>Datagrams dropped because the queue was full (<c>WhenFull</c> DropNewest/DropOldest) or left unhandled at stop.</summary>
    public long Dropped => _dropped.Value;

    /// <summary>Datagrams longer than <c>MaxDatagramSize</c> (dropped or delivered marked, by <c>WhenTruncated</c>).</summary>
    public long Truncated => _truncated.Value;

    /// <summary>Datagrams refused because the sender's uid or gid is not allowed, or its credentials were missing.</summary>
    public long Rejected => _rejected.Value;

    /// <summary>Replies dropped because the peer's receive queue stayed full for <c>ReplyTimeout</c> (a peer that does not read).</summary>
    public long ReplyDropped => _replyDropped.Value;

    /// <summary>Datagrams suppressed by the per-sender rate limit (<c>RateLimitInterval</c>, <c>RateLimitBurst</c>).</summary>
    public long Suppressed => _suppressed.Value;

    /// <summary>Datagrams whose handlers went on past <c>HandlerTimeout</c>, ignoring their cancellation (each counted once, when seen).</summary>
    public long Overruns => _overruns.Value;

    /// <summary>
    /// Datagrams this process sent itself (their credentials carry its own pid), counted and never handled unless the
    /// endpoint's <c>AcceptSelfSent</c> is set: the daemon's own output coming back, such as its log lines forwarded by journald.
    /// </summary>
    public long SelfSent => _selfSent.Value;

    /// <summary>Datagrams read and waiting for a handler right now.</summary>
    public int Queued => Volatile.Read(ref _queued);

    /// <summary>When the last problem (timeout, drop, truncation, rejection, dropped reply, overrun) was counted; kept with the totals, so it outlives a reload that replaces the endpoint.</summary>
    internal RecentProblems RecentProblems { get; }

    /// <summary>Counts datagrams read from the socket and their payload bytes (from the receive loop only).</summary>
    internal void CountReceived(long datagrams, long bytes)
    {
        _received.AddFromOwner(datagrams);
        _bytes.AddFromOwner(bytes);
    }

    /// <summary>Counts a datagram every handler completed.</summary>
    internal void CountHandled() => _handled.Add();

    /// <summary>Counts a datagram for which a handler threw.</summary>
    internal void CountFailed() => _failed.Add();

    /// <summary>Counts a datagram whose handlers were cancelled after the timeout.</summary>
    internal void CountTimedOut()
    {
        _timedOut.Add();
        RecentProblems.Stamp();
    }

    /// <summary>Counts datagrams dropped (queue full, or left unhandled at stop or reload).</summary>
    internal void CountDropped(long count = 1)
    {
        if (count > 0)
        {
            _dropped.Add(count);
            RecentProblems.Stamp();
        }
    }

    /// <summary>Counts a datagram longer than the endpoint's buffer (from the receive loop only).</summary>
    internal void CountTruncated()
    {
        _truncated.AddFromOwner();
        RecentProblems.Stamp();
    }

    /// <summary>Counts a datagram refused by the sender allow-list (from the receive loop only).</summary>
    internal void CountRejected()
    {
        _rejected.AddFromOwner();
        RecentProblems.Stamp();
    }

    /// <summary>Counts a reply dropped because its peer does not read.</summary>
    internal void CountReplyDropped()
    {
        _replyDropped.Add();
        RecentProblems.Stamp();
    }

    /// <summary>Counts a datagram suppressed by the per-sender rate limit (from the receive loop only).</summary>
    internal void CountSuppressed() => _suppressed.AddFromOwner();

    /// <summary>Counts a handler seen going on past its timeout.</summary>
    internal void CountOverrun()
    {
        _overruns.Add();
        RecentProblems.Stamp();
    }

    /// <summary>Counts a datagram this process sent itself (from the receive loop only).</summary>
    internal void CountSelfSent() => _selfSent.AddFromOwner();

    /// <summary>Sets how many datagrams wait for a handler now.</summary>
    internal void SetQueued(int count) => Volatile.Write(ref _queued, count);
}
