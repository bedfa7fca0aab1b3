namespace UnixDatagram.Transport;

/// <summary>An error on a socket, for <see cref="UnixDatagramSocket.Error"/>.</summary>
public sealed class UnixSocketErrorEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    public UnixSocketErrorEventArgs(UnixSocketException exception)
    {
        Exception = exception;
    }

    /// <summary>What failed, with errno, operation and address.</summary>
    public UnixSocketException Exception { get; }
}
