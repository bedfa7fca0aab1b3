using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport.Internal;

/// <summary>A socket in an <see cref="IoLoop"/>'s epoll set, and what it currently wants to hear about.</summary>
internal sealed class IoRegistration
{
    private readonly IoLoop? _loop;
    private readonly Lock _lock = new();
    private uint _interest;
    private bool _added;
    private bool _released;

    public IoRegistration(IoLoop loop, SafeUnixSocketHandle handle, IIoTarget target, int slot, uint generation)
    {
        _loop = loop;
        Handle = handle;
        Target = target;
        Slot = slot;
        Generation = generation;
    }

    /// <summary>A tombstone that keeps a freed slot's generation.</summary>
    public IoRegistration(uint generation)
    {
        Handle = null!;
        Generation = generation;
    }

    public SafeUnixSocketHandle Handle { get; }

    public IIoTarget? Target { get; }

    public int Slot { get; }

    public uint Generation { get; }

    /// <summary>epoll's <c>data</c>: slot in the low half, generation in the high half.</summary>
    public ulong Token => ((ulong)Generation << 32) | (uint)Slot;

    /// <summary>Turns interest in readability and/or writability on or off.</summary>
    public void Update(uint add, uint remove)
    {
        lock (_lock)
        {
            if (_released)
            {
                return;
            }

            var next = (_interest | add) & ~remove;
            if (next == _interest)
            {
                return;
            }

            // With no interest the socket leaves the set: epoll reports EPOLLHUP and EPOLLERR even for an empty mask,
            // and a socket shut down for both directions would otherwise wake the I/O thread forever.
            var op = next == 0 ? Libc.EPOLL_CTL_DEL : _added ? Libc.EPOLL_CTL_MOD : Libc.EPOLL_CTL_ADD;
            _loop!.Control(this, op, next);
            _added = next != 0;
            _interest = next;
        }
    }

    public void Dispatch(uint mask)
    {
        var target = Target!;
        try
        {
            if ((mask & Libc.EPOLLERR) != 0)
            {
                target.OnSocketError();
            }

            if ((mask & (Libc.EPOLLIN | Libc.EPOLLHUP)) != 0 && (_interest & Libc.EPOLLIN) != 0)
            {
                target.OnReadable();
            }

            if ((mask & Libc.EPOLLOUT) != 0 && (_interest & Libc.EPOLLOUT) != 0)
            {
                target.OnWritable();
            }
        }
        catch (ObjectDisposedException)
        {
            // The socket was closed while its event was in flight.
        }
#pragma warning disable CA1031 // The I/O thread serves every socket; one faulty callback must not stop it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            target.OnCallbackFault(ex);
        }
    }

    /// <summary>Removes the socket from the epoll set. Idempotent.</summary>
    public void Release()
    {
        lock (_lock)
        {
            if (_released)
            {
                return;
            }

            _released = true;
            if (_added && !Handle.IsClosed)
            {
                _loop!.Control(this, Libc.EPOLL_CTL_DEL, 0);
            }
        }

        _loop!.Release(this);
    }
}
