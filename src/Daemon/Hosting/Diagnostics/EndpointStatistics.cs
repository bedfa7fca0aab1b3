namespace UnixDatagram.Hosting;

/// <summary>Running totals for one endpoint, read by metrics, health checks, <c>dgramd stats</c> and the systemd status line.</summary>
public sealed class EndpointStatistics
{
    internal long _received;
    internal long _bytes;
    internal long _handled;
    internal long _failed;
    internal long _timedOut;
    internal long _dropped;
    internal long _truncated;
    internal long _rejected;
    internal long _replyDropped;
    internal long _suppressed;
    internal long _overruns;

    internal long _selfSent;
    internal int _queued;

    internal EndpointStatistics(string name)
    {
        Name = name;
    }

    /// <summary>The endpoint's name.</summary>
    public string Name { get; }

    /// <summary>Datagrams read from the socket.</summary>
    public long Received => Volatile.Read(ref _received);

    /// <summary>Payload bytes read from the socket.</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>Datagrams every handler completed without error.</summary>
    public long Handled => Volatile.Read(ref _handled);

    /// <summary>Datagrams for which a handler threw (each counted once).</summary>
    public long Failed => Volatile.Read(ref _failed);

    /// <summary>Datagrams whose handlers were cancelled after <c>HandlerTimeout</c>.</summary>
    public long TimedOut => Volatile.Read(ref _timedOut);

    /// <summary>Datagrams dropped because the queue was full (<c>WhenFull</c> DropNewest/DropOldest) or left unhandled at stop.</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>Datagrams longer than <c>MaxDatagramSize</c> (dropped or delivered marked, by <c>WhenTruncated</c>).</summary>
    public long Truncated => Volatile.Read(ref _truncated);

    /// <summary>Datagrams refused because the sender's uid or gid is not allowed, or its credentials were missing.</summary>
    public long Rejected => Volatile.Read(ref _rejected);

    /// <summary>Replies dropped because the peer's receive queue stayed full for <c>ReplyTimeout</c> (a peer that does not read).</summary>
    public long ReplyDropped => Volatile.Read(ref _replyDropped);

    /// <summary>Datagrams suppressed by the per-sender rate limit (<c>RateLimitInterval</c>, <c>RateLimitBurst</c>).</summary>
    public long Suppressed => Volatile.Read(ref _suppressed);

    /// <summary>Datagrams whose handlers went on past <c>HandlerTimeout</c>, ignoring their cancellation (each counted once, when seen).</summary>
    public long Overruns => Volatile.Read(ref _overruns);

    /// <summary>
    /// Datagrams this process sent itself (their credentials carry its own pid), counted and never handled unless the
    /// endpoint's <c>AcceptSelfSent</c> is set: the daemon's own output coming back, such as its log lines forwarded by journald.
    /// </summary>
    public long SelfSent => Volatile.Read(ref _selfSent);

    /// <summary>Datagrams read and waiting for a handler right now.</summary>
    public int Queued => Volatile.Read(ref _queued);
}
