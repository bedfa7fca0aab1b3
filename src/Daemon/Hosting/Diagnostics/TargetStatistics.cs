namespace UnixDatagram.Hosting;

/// <summary>Running totals for one send target.</summary>
public sealed class TargetStatistics
{
    internal long _sent;
    internal long _bytes;
    internal long _queued;
    internal long _dropped;
    internal long _congestionEvents;
    internal long _peerUnavailable;
    internal long _failed;

    internal TargetStatistics(string name)
    {
        Name = name;
    }

    /// <summary>The target's name.</summary>
    public string Name { get; }

    /// <summary>Datagrams the kernel took.</summary>
    public long Sent => Volatile.Read(ref _sent);

    /// <summary>Payload bytes the kernel took.</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>Datagrams that waited in the target's queue.</summary>
    public long Queued => Volatile.Read(ref _queued);

    /// <summary>Datagrams dropped by the <c>DropNewest</c> policy.</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>Times the target went from writable to congested.</summary>
    public long CongestionEvents => Volatile.Read(ref _congestionEvents);

    /// <summary>Sends that found the peer gone.</summary>
    public long PeerUnavailable => Volatile.Read(ref _peerUnavailable);

    /// <summary>Sends that failed otherwise (for example, a datagram too large).</summary>
    public long Failed => Volatile.Read(ref _failed);
}
