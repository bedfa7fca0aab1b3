namespace UnixDatagram.Transport.Internal;

/// <summary>What the I/O thread calls when a socket becomes ready. Implementations must not block.</summary>
internal interface IIoTarget
{
    /// <summary>The socket has datagrams to read.</summary>
    void OnReadable();

    /// <summary>The kernel reports the socket writable again.</summary>
    void OnWritable();

    /// <summary>The socket has a pending error (<c>SO_ERROR</c>); read it to clear it.</summary>
    void OnSocketError();

    /// <summary>A callback above threw; the loop goes on.</summary>
    void OnCallbackFault(Exception exception);
}
