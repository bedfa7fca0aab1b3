using static UnixDatagram.Hosting.Endpoints.EndpointsLog;

namespace UnixDatagram.Hosting.Endpoints;

/// <content>Live reload: handing the socket to a successor with new options, without closing it.</content>
internal sealed partial class DatagramEndpoint
{
    /// <summary>Where datagrams go that the receive loop still delivers after <see cref="DetachAsync"/> closed this endpoint. Under <see cref="_gate"/>.</summary>
    private DatagramEndpoint? _successor;

    /// <summary>
    /// Hands the socket over to <paramref name="successor"/> (same socket, new options): stops reading, lets queued
    /// and running datagrams finish within <paramref name="timeout"/>, and passes any datagram the receive loop still
    /// delivers to the successor. The socket is neither shut down, drained nor closed: what waits in the kernel queue
    /// is the successor's to read. After the timeout, what is still running is cancelled and counted as dropped, as at stop.
    /// </summary>
    public async Task DetachAsync(DatagramEndpoint successor, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopping, 1) != 0)
        {
            return;
        }

        lock (_gate)
        {
            _successor = successor;
        }

        Socket.StopReceiving();
        var started = _time.GetTimestamp();
        var timedOut = !await DrainAsync(started, timeout, cancellationToken).ConfigureAwait(false);

        if (timedOut)
        {
            var (queued, abandoned) = CloseAndAbandon();
            _stats.CountDropped(queued + abandoned);
            LogLeftUnhandled(_logger, Name, abandoned, queued, 0, timeout);
        }
    }
}
