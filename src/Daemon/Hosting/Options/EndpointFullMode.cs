namespace UnixDatagram.Hosting;

/// <summary>What an endpoint does when its queue is full (as <see cref="System.Threading.Channels.BoundedChannelFullMode"/>).</summary>
public enum EndpointFullMode
{
    /// <summary>Stop reading the socket until there is room: the kernel queue fills and senders see congestion. Nothing is lost.</summary>
    Wait,
    /// <summary>Drop the datagram just read; counted and logged.</summary>
    DropNewest,
    /// <summary>Drop the oldest queued datagram to make room; counted and logged.</summary>
    DropOldest,
}
