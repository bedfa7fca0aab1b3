namespace UnixDatagram.Hosting;

/// <summary>What a send to a congested target does.</summary>
public enum TargetCongestionMode
{
    /// <summary>Queue the datagram (bounded) and complete the send when the kernel takes it; a full queue makes senders wait.</summary>
    Wait,
    /// <summary>Queue the datagram if there is room and return Queued; when the queue is full, drop it and return Dropped.</summary>
    DropNewest,
    /// <summary>Return Congested at once; nothing is queued.</summary>
    Fail,
}
