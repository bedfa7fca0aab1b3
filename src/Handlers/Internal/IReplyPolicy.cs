namespace UnixDatagram.Handlers.Internal;

/// <summary>
/// How an endpoint bounds replies to peers whose receive queue is full, so that a peer that never reads cannot
/// hold the endpoint: how long a reply may wait, and what happens to one that is dropped.
/// </summary>
internal interface IReplyPolicy
{
    /// <summary>How long a reply may wait for room in the peer's queue; zero: not at all.</summary>
    TimeSpan ReplyTimeout { get; }

    /// <summary>The clock the wait runs on.</summary>
    TimeProvider Time { get; }

    /// <summary>Whether a congested reply to <paramref name="peer"/> may wait for room (not when its replies, or lately anyone's, were dropped).</summary>
    bool MayWait(UnixSocketAddress peer);

    /// <summary>Counts and reports a dropped reply to <paramref name="peer"/>, the datagram's sender, naming its <paramref name="credentials"/> when known.</summary>
    void OnReplyDropped(UnixSocketAddress peer, UnixCredentials? credentials, int length, ReplyDropReason reason);
}
