namespace UnixDatagram.Hosting.Endpoints;

/// <summary>
/// The last few peers a reply to was dropped (their queue stayed full): their next congested reply is dropped at
/// once rather than waiting <c>ReplyTimeout</c> again, so a peer that never reads costs one wait, not one per datagram.
/// </summary>
internal sealed class NotReadingPeers
{
    private const int Slots = 8;
    private readonly Lock _lock = new();
    private readonly UnixSocketAddress[] _peers = new UnixSocketAddress[Slots];
    private int _next;

    public bool Contains(UnixSocketAddress peer)
    {
        lock (_lock)
        {
            return Array.IndexOf(_peers, peer) >= 0;
        }
    }

    public void Add(UnixSocketAddress peer)
    {
        lock (_lock)
        {
            if (Array.IndexOf(_peers, peer) >= 0)
            {
                return;
            }

            _peers[_next] = peer;
            _next = (_next + 1) % Slots;
        }
    }
}
