using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport.Internal;

/// <summary>
/// An eventfd (eventfd(2)) that wakes a thread waiting in <c>poll</c> on it: created non-blocking and close-on-exec,
/// signalled by adding one to its counter. The thread that waits on it owns it and closes it when it ends.
/// </summary>
internal static unsafe class EventFd
{
    /// <summary>Creates the eventfd, with its counter at zero.</summary>
    /// <exception cref="UnixSocketException">No eventfd (descriptors exhausted, say); the message names <paramref name="address"/>.</exception>
    public static SafeFileHandle Create(string address)
    {
        var fd = Epoll.EventFd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        if (fd < 0)
        {
            throw SocketErrors.Other(Marshal.GetLastPInvokeError(), "eventfd", address);
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Wakes the thread that waits on <paramref name="eventFd"/>; nothing happens once that thread has closed it.</summary>
    public static void Signal(SafeFileHandle eventFd)
    {
        var added = false;
        try
        {
            eventFd.DangerousAddRef(ref added);
            ulong one = 1;
            _ = Epoll.Write((int)eventFd.DangerousGetHandle(), &one, sizeof(ulong));
        }
        catch (ObjectDisposedException)
        {
            // The thread has already ended.
        }
        finally
        {
            if (added)
            {
                eventFd.DangerousRelease();
            }
        }
    }
}
