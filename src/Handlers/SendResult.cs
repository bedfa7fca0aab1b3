namespace UnixDatagram.Handlers;

/// <summary>What became of a datagram given to <see cref="IDatagramSender"/>. Congestion and peer loss are values, not exceptions.</summary>
public enum SendResult
{
    /// <summary>The kernel took the datagram: it is in the peer's queue.</summary>
    Sent,
    /// <summary>The target was congested and the datagram waits in the target's bounded queue; it goes out in order when the peer drains.</summary>
    Queued,
    /// <summary>The target was congested and its policy is <c>Fail</c>: nothing was sent; the caller decides.</summary>
    Congested,
    /// <summary>The datagram was counted and dropped: the target was congested with its queue full and its policy drops, or the sender stopped before it went out.</summary>
    Dropped,
    /// <summary>The peer is gone (no socket, or nobody receiving); the target reconnects with back-off.</summary>
    PeerUnavailable,
}
