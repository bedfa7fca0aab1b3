using UnixDatagram.Transport.Internal;

namespace UnixDatagram.Transport;

/// <content>Stopping the receive loop, and checking the socket file, for hosts that manage many sockets.</content>
public sealed partial class UnixDatagramSocket
{
    /// <summary>
    /// Whether the socket file this object bound is still in place: same inode at the same path. True for abstract
    /// names; for an adopted socket, true while a socket file exists at its path. False once closed.
    /// </summary>
    public bool IsSocketFileIntact
    {
        get
        {
            if (IsClosed)
            {
                return false;
            }

            if (_boundAddress.Kind != UnixAddressKind.Path)
            {
                return _boundAddress.IsAddressable;
            }

            var current = FileIdentity.Of(_boundAddress.Value);
            return _ownFile is { } own ? own.IsSameFile(current) : current is { IsSocket: true };
        }
    }

    /// <summary>
    /// Stops the batched receive loop started by <see cref="StartReceiving(IDatagramReceiver, ReceiveLoopOptions?)"/>;
    /// datagrams still queued in the kernel stay there, for <see cref="TryReceive"/> to drain. A datagram the I/O thread
    /// was already delivering may still reach the receiver.
    /// </summary>
    public void StopReceiving()
    {
        ReceiveLoop? loop;
        lock (_lock)
        {
            loop = _receiveLoop;
            _receiveLoop = null;
        }

        if (loop is not null)
        {
            loop.Stop();
            SetReadInterest(false);
        }
    }

    /// <summary>Whether <see cref="ShutdownReceive"/> was called.</summary>
    internal bool IsReceiveShutDown { get; private set; }

    /// <summary>
    /// Refuses further datagrams (<c>shutdown(SHUT_RD)</c>): senders get <c>EPIPE</c> from now on, while datagrams
    /// already queued stay readable with <see cref="TryReceive"/>. A host stopping gracefully calls this so that it
    /// can account for every datagram that ever reached the socket.
    /// </summary>
    /// <exception cref="UnixSocketException">The kernel refused.</exception>
    public void ShutdownReceive()
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        IsReceiveShutDown = true;
        if (Internal.Interop.SocketCalls.Shutdown(_handle, 0) != 0)
        {
            throw Throw(SocketErrors.Other(System.Runtime.InteropServices.Marshal.GetLastPInvokeError(), "shutdown", _boundAddress.ToString()));
        }
    }
}
