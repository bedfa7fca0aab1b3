namespace UnixDatagram.Transport;

/// <summary>How a socket's batched receive loop sizes its buffers.</summary>
public sealed class ReceiveLoopOptions
{
    /// <summary>
    /// The largest datagram delivered whole, in bytes; a longer one arrives marked <see cref="Datagram.IsTruncated"/>.
    /// Default: 65536.
    /// </summary>
    public int MaxDatagramSize { get; set; } = 65536;

    /// <summary>Datagrams taken from the kernel per <c>recvmmsg</c> call. Default: 32.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>
    /// Datagrams that may be out with the receiver at once (the pool size). When all are out, the loop stops reading
    /// until one is disposed. Buffers are created as the load needs them, not up front: a socket that never receives
    /// has none. Default: 64; never less than <see cref="BatchSize"/>.
    /// </summary>
    public int MaxInFlight { get; set; } = 64;

    /// <summary>
    /// Whether the loop gets a thread of its own that reads with <c>recvmmsg</c> until the queue is empty and only then
    /// waits in <c>poll</c> (one system call per batch while busy), instead of the shared epoll thread
    /// (<c>epoll_wait</c>, then <c>recvmmsg</c>). Faster for a busy socket; costs a thread per socket.
    /// <see cref="UnixDatagramSocket.StopReceiving"/> wakes it through an eventfd; the socket itself is left as it
    /// is (no shutdown, no flags), which matters for a socket passed by systemd. Default: false.
    /// </summary>
    public bool DedicatedThread { get; set; }

    /// <summary>
    /// Whether the loop, while on the shared epoll thread, moves to a receive thread of its own when its socket is busy
    /// (about 10,000 datagrams per second or more) and back once it is quiet (under 1,000 in a second). At most one
    /// such thread per CPU runs in the process; when all are taken, a busy socket stays on the shared thread. So
    /// many quiet sockets cost no threads, and a busy one reads as with <see cref="DedicatedThread"/>. Ignored when
    /// <see cref="DedicatedThread"/> is on. Default: false.
    /// </summary>
    public bool PromoteWhenBusy { get; set; }

    /// <summary>With <see cref="PromoteWhenBusy"/>: datagrams the shared thread reads within 100 ms that make a socket busy.</summary>
    internal int PromoteAfter { get; set; } = 1000;

    /// <summary>With <see cref="PromoteWhenBusy"/>: a promoted socket reading fewer than this per <see cref="DemoteWindowMilliseconds"/> goes back.</summary>
    internal int DemoteBelow { get; set; } = 1000;

    /// <summary>With <see cref="PromoteWhenBusy"/>: how often a promoted socket's rate is checked, in milliseconds.</summary>
    internal int DemoteWindowMilliseconds { get; set; } = 1000;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDatagramSize, 1, nameof(MaxDatagramSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(BatchSize, 1024, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInFlight, 1, nameof(MaxInFlight));
    }
}
