namespace UnixDatagram.Hosting;

/// <summary>Running totals for the control socket (<c>Daemon:ControlPath</c>).</summary>
public sealed class ControlStatistics
{
    internal long _answered;
    internal long _rejected;
    internal long _unanswerable;
    internal long _repliesDropped;

    /// <summary>Requests answered (a <c>health</c> or <c>stats</c> document, or an error for an unknown request).</summary>
    public long Answered => Volatile.Read(ref _answered);

    /// <summary>Requests from a user not allowed to query (by kernel-verified credentials); not answered.</summary>
    public long Rejected => Volatile.Read(ref _rejected);

    /// <summary>Requests from an unnamed socket, which cannot be answered.</summary>
    public long Unanswerable => Volatile.Read(ref _unanswerable);

    /// <summary>Replies dropped because the requester's queue was full (it does not read its replies) or it was gone.</summary>
    public long RepliesDropped => Volatile.Read(ref _repliesDropped);
}
