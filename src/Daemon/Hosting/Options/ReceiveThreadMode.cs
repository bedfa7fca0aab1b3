namespace UnixDatagram.Hosting;

/// <summary>Which thread reads an endpoint's socket (<see cref="DatagramEndpointOptions.ReceiveThread"/>).</summary>
public enum ReceiveThreadMode
{
    /// <summary>
    /// The one epoll thread all sockets share while the endpoint is quiet; one of a few receive threads (one per CPU)
    /// while it is busy (about 10,000 datagrams per second, or a synchronous handler that holds the shared thread
    /// for 20 ms), back after a second under 1,000. Threads do not grow with endpoints, and a busy endpoint reads
    /// one batch per system call. The default.
    /// </summary>
    WhenBusy,

    /// <summary>Always the shared epoll thread (<c>epoll_wait</c>, then <c>recvmmsg</c>).</summary>
    Shared,

    /// <summary>
    /// Always a thread of the endpoint's own: <c>recvmmsg</c> until the queue is empty, then <c>poll</c>. One thread
    /// per endpoint.
    /// </summary>
    Dedicated,
}
