using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport.Internal;

/// <summary>
/// One thread blocked in <c>epoll_wait</c> for many sockets: readiness to read drives the batched receive loops,
/// readiness to write ends congestion. Threads do not grow with sockets.
/// </summary>
internal sealed unsafe class IoLoop
{
    private const int MaxEvents = 64;

    private static readonly Lazy<IoLoop> SharedLoop = new(() => new IoLoop("unix-dgram-io"));

    private readonly int _epoll;
    private readonly Lock _lock = new();
    private IoRegistration?[] _slots = new IoRegistration?[16];
    private readonly Stack<int> _freeSlots = new();
    private int _nextSlot;

    private IoLoop(string name)
    {
        _epoll = Epoll.Create(Libc.EPOLL_CLOEXEC);
        if (_epoll < 0)
        {
            throw new UnixSocketException(Marshal.GetLastPInvokeError(), "epoll_create1");
        }

        var thread = new Thread(Run) { IsBackground = true, Name = name };
        thread.UnsafeStart();
    }

    /// <summary>The process-wide loop, started on first use.</summary>
    public static IoLoop Shared => SharedLoop.Value;

    /// <summary>Adds <paramref name="handle"/>'s socket to the loop; it joins the epoll set when it first asks for events.</summary>
    public IoRegistration Register(SafeUnixSocketHandle handle, IIoTarget target)
    {
        lock (_lock)
        {
            int slot;
            if (_freeSlots.Count > 0)
            {
                slot = _freeSlots.Pop();
            }
            else
            {
                slot = _nextSlot++;
                if (slot == _slots.Length)
                {
                    Array.Resize(ref _slots, _slots.Length * 2);
                }
            }

            var previous = _slots[slot];
            var registration = new IoRegistration(this, handle, target, slot, unchecked((previous?.Generation ?? 0) + 1));
            _slots[slot] = registration;
            return registration;
        }
    }

    /// <summary>Applies a registration's interest mask with <c>epoll_ctl</c>.</summary>
    internal void Control(IoRegistration registration, int op, uint events)
    {
        byte* ev = stackalloc byte[16];
        *(uint*)ev = events;
        *(ulong*)(ev + Epoll.DataOffset) = registration.Token;
        var added = false;
        try
        {
            registration.Handle.DangerousAddRef(ref added);
            if (Epoll.Control(_epoll, op, registration.Handle.Fd, ev) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (op == Libc.EPOLL_CTL_DEL && errno is Errno.ENOENT or Errno.EBADF)
                {
                    return;
                }

                throw new UnixSocketException(errno, "epoll_ctl");
            }
        }
        finally
        {
            if (added)
            {
                registration.Handle.DangerousRelease();
            }
        }
    }

    /// <summary>Forgets a registration; an event already fetched for it is ignored by its generation.</summary>
    internal void Release(IoRegistration registration)
    {
        lock (_lock)
        {
            if (ReferenceEquals(_slots[registration.Slot], registration))
            {
                _slots[registration.Slot] = new IoRegistration(registration.Generation);
                _freeSlots.Push(registration.Slot);
            }
        }
    }

    private void Run()
    {
        var events = (byte*)NativeMemory.AlignedAlloc((nuint)(MaxEvents * 16), 16);
        while (true)
        {
            var n = Epoll.Wait(_epoll, events, MaxEvents, -1);
            if (n < 0)
            {
                // EINTR is the only error epoll_wait can return for a valid epoll fd and buffer.
                continue;
            }

            for (var i = 0; i < n; i++)
            {
                var e = events + (i * Epoll.EventSize);
                var mask = *(uint*)e;
                var token = *(ulong*)(e + Epoll.DataOffset);
                var slot = (int)(uint)token;
                IoRegistration? registration;
                lock (_lock)
                {
                    registration = slot < _slots.Length ? _slots[slot] : null;
                }

                if (registration?.Target is null || registration.Token != token)
                {
                    continue;
                }

                registration.Dispatch(mask);
            }
        }
    }
}
