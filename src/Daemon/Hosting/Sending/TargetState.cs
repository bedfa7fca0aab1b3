namespace UnixDatagram.Hosting.Sending;

/// <summary>Where a send target stands, as its health check reports it.</summary>
internal enum TargetState
{
    /// <summary>Connected and writable: sends go straight to the kernel.</summary>
    Connected,
    /// <summary>Connected, but the peer's queue was full at the last try; the target waits for the kernel to report it writable.</summary>
    Congested,
    /// <summary>No connected socket: the peer is gone (or was never there); reconnecting with back-off.</summary>
    Disconnected,
}
