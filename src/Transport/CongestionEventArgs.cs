namespace UnixDatagram.Transport;

/// <summary>A send found the receiver's queue full. The unsent datagram comes back so it can be sent again on <see cref="UnixDatagramSocket.Writable"/>.</summary>
public sealed class CongestionEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    public CongestionEventArgs(ReadOnlyMemory<byte> payload, UnixSocketAddress destination)
    {
        Payload = payload;
        Destination = destination;
    }

    /// <summary>A copy of the datagram that was not sent.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>Where it was going: the connected peer, or the <c>SendTo</c> destination.</summary>
    public UnixSocketAddress Destination { get; }
}
