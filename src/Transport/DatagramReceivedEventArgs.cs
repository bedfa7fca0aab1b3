namespace UnixDatagram.Transport;

/// <summary>A datagram for <see cref="UnixDatagramSocket.Message"/>. Valid only while the event handlers run: copy what you keep.</summary>
public sealed class DatagramReceivedEventArgs : EventArgs
{
    internal DatagramReceivedEventArgs()
    {
    }

    /// <summary>The datagram; it returns to the socket's pool when the handlers have run.</summary>
    public Datagram Datagram { get; internal set; } = null!;

    /// <summary>The payload (shorthand for <c>Datagram.Payload</c>).</summary>
    public ReadOnlyMemory<byte> Payload => Datagram.Payload;

    /// <summary>The sender (shorthand for <c>Datagram.Sender</c>); Node's <c>rinfo.path</c>.</summary>
    public UnixSocketAddress Sender => Datagram.Sender;
}
