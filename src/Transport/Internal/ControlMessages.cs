using System.Runtime.InteropServices;
using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport.Internal;

/// <summary>Parses ancillary data (<c>struct cmsghdr</c> sequences) returned by <c>recvmsg</c>.</summary>
internal static class ControlMessages
{
    /// <summary>
    /// Room for one <c>SCM_CREDENTIALS</c> message: <c>CMSG_SPACE(sizeof(struct ucred))</c>. The kernel puts the
    /// credentials first, so any descriptors a sender attaches find no room and the kernel closes them.
    /// </summary>
    public const int BufferSize = HeaderSize + UCredSize + 4;

    /// <summary><c>sizeof(struct cmsghdr)</c> on LP64: <c>size_t cmsg_len; int cmsg_level; int cmsg_type;</c>.</summary>
    private const int HeaderSize = 16;

    /// <summary><c>sizeof(struct ucred)</c>.</summary>
    private const int UCredSize = 12;

    /// <summary>
    /// Returns the <c>SCM_CREDENTIALS</c> in <paramref name="control"/>, if any, and closes every descriptor an
    /// <c>SCM_RIGHTS</c> message brought in: any local process may attach descriptors to a datagram, and each one
    /// received is installed in this process, so keeping them would let a client exhaust the descriptor table.
    /// </summary>
    public static UnixCredentials? ReadCredentials(ReadOnlySpan<byte> control)
    {
        UnixCredentials? credentials = null;
        while (control.Length >= HeaderSize)
        {
            var length = (int)Math.Min(MemoryMarshal.Read<ulong>(control), int.MaxValue);
            var level = MemoryMarshal.Read<int>(control[8..]);
            var type = MemoryMarshal.Read<int>(control[12..]);
            if (length < HeaderSize || length > control.Length)
            {
                break;
            }

            if (level == Libc.SOL_SOCKET && type == Libc.SCM_CREDENTIALS && length >= HeaderSize + UCredSize)
            {
                var cred = MemoryMarshal.Read<UCred>(control[HeaderSize..]);
                credentials = new UnixCredentials(cred.Pid, cred.Uid, cred.Gid);
            }
            else if (level == Libc.SOL_SOCKET && type == Libc.SCM_RIGHTS)
            {
                CloseDescriptors(control[HeaderSize..length]);
            }

            var aligned = (length + 7) & ~7;
            if (aligned >= control.Length)
            {
                break;
            }

            control = control[aligned..];
        }

        return credentials;
    }

    private static void CloseDescriptors(ReadOnlySpan<byte> fds)
    {
        for (; fds.Length >= sizeof(int); fds = fds[sizeof(int)..])
        {
            _ = SocketCalls.Close(MemoryMarshal.Read<int>(fds));
        }
    }
}
