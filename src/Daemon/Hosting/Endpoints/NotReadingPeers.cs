namespace UnixDatagram.Hosting.Endpoints;

/// <summary>
/// Which congested replies may wait for room: none to a peer among the last few whose reply was dropped (a peer that
/// never reads costs one <c>ReplyTimeout</c>, not one per datagram), and none to any peer for a while after any reply
/// was dropped (<see cref="Pause"/>), so a sender that cycles through more addresses than are remembered costs the
/// endpoint at most one wait per pause, not one per address.
/// </summary>
internal sealed class NotReadingPeers(TimeProvider time)
{
    private const int Slots = 8;
    private static readonly TimeSpan MinimumPause = TimeSpan.FromSeconds(1);
    private readonly Lock _lock = new();
    private readonly UnixSocketAddress[] _peers = new UnixSocketAddress[Slots];
    private int _next;
    private long _lastDrop;

    /// <summary>
    /// How long after a dropped reply no congested reply waits: ten times <paramref name="replyTimeout"/>, at least a
    /// second, so waits that end in a drop take at most about a tenth of the endpoint's time.
    /// </summary>
    public static TimeSpan Pause(TimeSpan replyTimeout) => TimeSpan.FromTicks(Math.Max(MinimumPause.Ticks, replyTimeout.Ticks * 10));

    /// <summary>Whether a congested reply to <paramref name="peer"/> may wait up to <paramref name="replyTimeout"/> for room.</summary>
    public bool MayWait(UnixSocketAddress peer, TimeSpan replyTimeout)
    {
        lock (_lock)
        {
            return (_lastDrop == 0 || time.GetElapsedTime(_lastDrop) >= Pause(replyTimeout)) && Array.IndexOf(_peers, peer) < 0;
        }
    }

    /// <summary>Remembers that a reply to <paramref name="peer"/> was dropped, now.</summary>
    public void Add(UnixSocketAddress peer)
    {
        lock (_lock)
        {
            _lastDrop = time.GetTimestamp();
            if (Array.IndexOf(_peers, peer) >= 0)
            {
                return;
            }

            _peers[_next] = peer;
            _next = (_next + 1) % Slots;
        }
    }
}
