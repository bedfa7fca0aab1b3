namespace UnixDatagram.Transport.Internal;

/// <summary>What a <see cref="ReceiveLoop"/> asks of the socket it reads: epoll interest, and its <c>Error</c> event.</summary>
internal interface IReceiveLoopEvents
{
    /// <summary>Turns interest in readability on the shared epoll thread on or off.</summary>
    void SetReadInterest(bool on);

    /// <summary>Raises the socket's <c>Error</c> event; must not throw.</summary>
    void RaiseError(UnixSocketException exception);
}
