namespace UnixDatagram.Transport;

/// <summary>What became of a non-blocking send.</summary>
public enum SendStatus
{
    /// <summary>The kernel took the datagram: it is in the receiver's queue.</summary>
    Sent,
    /// <summary>
    /// The receiver's queue (or this socket's send buffer) is full (<c>EAGAIN</c>/<c>ENOBUFS</c>); nothing was sent.
    /// <see cref="UnixDatagramSocket.Congestion"/> was raised and <see cref="UnixDatagramSocket.Writable"/> follows.
    /// </summary>
    Congested,
}
