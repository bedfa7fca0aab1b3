using UnixDatagram.Transport.Internal;
using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport;

/// <content>Counting what waits in the kernel queue without taking it.</content>
public sealed partial class UnixDatagramSocket
{
    /// <summary>Peeks per datagram at most this many bytes; a longer datagram takes several peeks.</summary>
    private const int PeekBufferSize = 65536;

    /// <summary>A bound on the walk, far above any queue <c>net.unix.max_dgram_qlen</c> allows.</summary>
    private const int MaxPeeks = 1 << 20;

    /// <summary>
    /// Counts the datagrams queued in the kernel without reading them, so they stay for whoever reads next (the next
    /// process systemd passes the socket to). Walks the queue with <c>MSG_PEEK</c> and a peek offset
    /// (<c>SO_PEEK_OFF</c>, socket(7): with it set, each peek continues where the previous one ended, across
    /// datagrams), then turns the peek offset off again (-1). Control messages are not taken (a peek with room for
    /// them would install any passed file descriptors in this process).
    /// </summary>
    /// <returns>The number of queued datagrams; null when the kernel refuses <c>SO_PEEK_OFF</c>.</returns>
    /// <exception cref="InvalidOperationException">The batched receive loop is running.</exception>
    public unsafe int? CountQueued()
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        if (_receiveLoop is not null)
        {
            throw new InvalidOperationException($"The socket {_boundAddress} delivers through its receive loop; stop it before counting its queue.");
        }

        if (!TrySetPeekOffset(0))
        {
            return null;
        }

        var buffer = (byte*)NativeMemory.Alloc(PeekBufferSize);
        try
        {
            var count = 0;
            for (var peeks = 0; peeks < MaxPeeks; peeks++)
            {
                IoVec iov;
                iov.Base = buffer;
                iov.Length = PeekBufferSize;
                var message = new MsgHdr { Iov = &iov, IovLength = 1 };
                var remaining = SocketCalls.RecvMsg(_handle, &message, Libc.MSG_PEEK | Libc.MSG_DONTWAIT | Libc.MSG_TRUNC);
                if (remaining < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Errno.EINTR)
                    {
                        continue;
                    }

                    // EAGAIN: the end of the queue. Anything else: what was counted so far is what can be known.
                    break;
                }

                // MSG_TRUNC returns the datagram's length from the offset on; the offset moves by what was copied,
                // so a datagram longer than the buffer is done when the rest fits.
                if (remaining <= PeekBufferSize)
                {
                    count++;
                }
            }

            return count;
        }
        finally
        {
            NativeMemory.Free(buffer);
            TrySetPeekOffset(-1);
        }
    }

    /// <summary>
    /// The memory that datagrams this socket sent still take, in bytes, until their receivers read them
    /// (<c>SIOCOUTQ</c>: <c>unix_outq_len</c> in net/unix/af_unix.c, the socket's <c>sk_wmem_alloc</c>). An AF_UNIX
    /// datagram stays charged to its sender while it waits in the receiver's queue, each at its kernel size
    /// (payload plus buffer overhead, several hundred bytes), and a send is refused (<c>EAGAIN</c>) once this reaches
    /// <see cref="SendBufferSize"/>. Zero when every datagram sent has been read (or dropped with its receiver).
    /// </summary>
    /// <exception cref="UnixSocketException">The kernel refused the query.</exception>
    public unsafe int UnreadSentBytes
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            int bytes;
            if (SocketCalls.Ioctl(_handle, Libc.SIOCOUTQ, &bytes) != 0)
            {
                throw SocketErrors.Other(Marshal.GetLastPInvokeError(), "ioctl SIOCOUTQ", _boundAddress.IsAddressable ? _boundAddress.ToString() : null);
            }

            return bytes;
        }
    }

    private unsafe bool TrySetPeekOffset(int offset) =>
        SocketCalls.SetSockOpt(_handle, Libc.SOL_SOCKET, Libc.SO_PEEK_OFF, &offset, sizeof(int)) == 0;
}
