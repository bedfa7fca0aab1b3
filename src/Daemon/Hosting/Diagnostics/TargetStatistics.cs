using UnixDatagram.Hosting.Diagnostics;

namespace UnixDatagram.Hosting;

/// <summary>Running totals for one send target.</summary>
public sealed class TargetStatistics
{
    private readonly RunningTotal _sent = new();
    private readonly RunningTotal _bytes = new();
    private readonly RunningTotal _queued = new();
    private readonly RunningTotal _dropped = new();
    private readonly RunningTotal _congestionEvents = new();
    private readonly RunningTotal _peerUnavailable = new();
    private readonly RunningTotal _failed = new();

    internal TargetStatistics(string name)
    {
        Name = name;
    }

    /// <summary>The target's name.</summary>
    public string Name { get; }

    /// <summary>Datagrams the kernel took.</summary>
    public long Sent => _sent.Value;

    /// <summary>Payload bytes the kernel took.</summary>
    public long Bytes => _bytes.Value;

    /// <summary>Datagrams that waited in the target's queue.</summary>
    public long Queued => _queued.Value;

    /// <summary>Datagrams dropped by the <c>DropNewest</c> policy.</summary>
    public long Dropped => _dropped.Value;

    /// <summary>Times the target went from writable to congested.</summary>
    public long CongestionEvents => _congestionEvents.Value;

    /// <summary>Sends that found the peer gone.</summary>
    public long PeerUnavailable => _peerUnavailable.Value;

    /// <summary>Sends that failed otherwise (for example, a datagram too large).</summary>
    public long Failed => _failed.Value;

    /// <summary>Counts a datagram the kernel took.</summary>
    internal void CountSent(int bytes)
    {
        _sent.Add();
        _bytes.Add(bytes);
    }

    /// <summary>Counts a datagram that waited in the queue.</summary>
    internal void CountQueued() => _queued.Add();

    /// <summary>Counts a datagram dropped by the policy or at stop.</summary>
    internal void CountDropped() => _dropped.Add();

    /// <summary>Counts a change from writable to congested.</summary>
    internal void CountCongestion() => _congestionEvents.Add();

    /// <summary>Counts a send that found the peer gone.</summary>
    internal void CountPeerUnavailable() => _peerUnavailable.Add();

    /// <summary>Counts a send that failed otherwise.</summary>
    internal void CountFailed() => _failed.Add();
}
