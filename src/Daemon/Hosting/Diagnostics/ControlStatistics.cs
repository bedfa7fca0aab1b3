using UnixDatagram.Hosting.Diagnostics;

namespace UnixDatagram.Hosting;

/// <summary>Running totals for the control socket (<c>Daemon:ControlPath</c>).</summary>
public sealed class ControlStatistics
{
    private readonly RunningTotal _answered = new();
    private readonly RunningTotal _rejected = new();
    private readonly RunningTotal _unanswerable = new();
    private readonly RunningTotal _repliesDropped = new();

    /// <summary>Requests answered (a <c>health</c> or <c>stats</c> document, or an error for an unknown request).</summary>
    public long Answered => _answered.Value;

    /// <summary>
    /// Requests refused by kernel-verified credentials: from a user not allowed to query (not answered), or a
    /// <c>reload</c> from a user allowed only to query (answered with an error).
    /// </summary>
    public long Rejected => _rejected.Value;

    /// <summary>Requests from an unnamed socket or one bound to a relative path, which cannot be answered.</summary>
    public long Unanswerable => _unanswerable.Value;

    /// <summary>Replies dropped because the requester's queue was full (it does not read its replies) or it was gone.</summary>
    public long RepliesDropped => _repliesDropped.Value;

    /// <summary>Counts an answered request.</summary>
    internal void CountAnswered() => _answered.Add();

    /// <summary>Counts a refused request.</summary>
    /// <returns>The new total.</returns>
    internal long CountRejected() => _rejected.Add();

    /// <summary>Counts a request from an unnamed socket or one bound to a relative path.</summary>
    /// <returns>The new total.</returns>
    internal long CountUnanswerable() => _unanswerable.Add();

    /// <summary>Counts a dropped reply.</summary>
    /// <returns>The new total.</returns>
    internal long CountReplyDropped() => _repliesDropped.Add();
}
