namespace UnixDatagram.Transport;

/// <summary>
/// Consumes the datagrams of a socket's batched receive loop (<see cref="UnixDatagramSocket.StartReceiving(IDatagramReceiver, ReceiveLoopOptions?)"/>).
/// </summary>
/// <remarks>
/// Both methods run on the socket's I/O thread, which serves other sockets too: return quickly and never block.
/// Hand slow work to another thread together with the datagram, and dispose it there.
/// </remarks>
public interface IDatagramReceiver
{
    /// <summary>
    /// Takes one datagram. The receiver owns it and must <see cref="Datagram.Dispose"/> it when done, on any thread;
    /// until then its buffer is not reused.
    /// </summary>
    void OnDatagram(Datagram datagram);

    /// <summary>The receive loop stopped because of <paramref name="exception"/>; no more datagrams follow.</summary>
    void OnReceiveError(UnixSocketException exception);
}
