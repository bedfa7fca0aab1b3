using System.Runtime.InteropServices;
using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport.Internal;

/// <summary>Parses ancillary data (<c>struct cmsghdr</c> sequences) returned by <c>recvmsg</c>.</summary>
internal static class ControlMessages
{
    /// <summary><c>sizeof(struct cmsghdr)</c> on LP64: <c>size_t cmsg_len; int cmsg_level; int cmsg_type;</c>.</summary>
    private const int HeaderSize = 16;

    /// <summary><c>sizeof(struct ucred)</c>.</summary>
    private const int UCredSize = 12;

    public static UnixCredentials? ReadCredentials(ReadOnlySpan<byte> control)
    {
        while (control.Length >= HeaderSize)
        {
            var length = (int)MemoryMarshal.Read<ulong>(control);
            var level = MemoryMarshal.Read<int>(control[8..]);
            var type = MemoryMarshal.Read<int>(control[12..]);
            if (length < HeaderSize || length > control.Length)
            {
                return null;
            }

            if (level == Libc.SOL_SOCKET && type == Libc.SCM_CREDENTIALS && length >= HeaderSize + UCredSize)
            {
                var cred = MemoryMarshal.Read<UCred>(control[HeaderSize..]);
                return new UnixCredentials(cred.Pid, cred.Uid, cred.Gid);
            }

            var aligned = (length + 7) & ~7;
            if (aligned >= control.Length)
            {
                return null;
            }

            control = control[aligned..];
        }

        return null;
    }
}
