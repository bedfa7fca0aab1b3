namespace UnixDatagram.Hosting;

/// <summary>How an endpoint hands datagrams to its handlers.</summary>
public enum DispatchMode
{
    /// <summary>One datagram at a time, in arrival order.</summary>
    Ordered,
    /// <summary>Up to <see cref="DatagramEndpointOptions.MaxConcurrency"/> datagrams at once; order is not kept.</summary>
    Concurrent,
}
