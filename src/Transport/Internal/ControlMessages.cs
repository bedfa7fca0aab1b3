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
    /// The ids the kernel shows for a uid or gid that has no mapping (<c>/proc/sys/kernel/overflowuid</c> and
    /// <c>overflowgid</c>, 65534 unless changed).
    /// </summary>
    private static readonly (uint Uid, uint Gid) Overflow = (ReadOverflowId("overflowuid"), ReadOverflowId("overflowgid"));

    /// <summary>
    /// Whether <paramref name="credentials"/> is the kernel's placeholder rather than a sender: a datagram sent while
    /// neither socket had <c>SO_PASSCRED</c> carries no credentials (<c>scm_send</c> leaves the pid unset and the ids
    /// <c>INVALID_UID</c>/<c>INVALID_GID</c>), and when the receiver turns <c>SO_PASSCRED</c> on before reading it,
    /// <c>scm_recv</c> reports those as pid 0 and the overflow uid and gid (net/core/scm.c, include/net/scm.h).
    /// A real sender always has an id that maps, or a pid (0 only across pid namespaces), so the three together
    /// mean "credentials unknown".
    /// </summary>
    public static bool IsPlaceholder(in UnixCredentials credentials) =>
        credentials.ProcessId == 0 && credentials.UserId == Overflow.Uid && credentials.GroupId == Overflow.Gid;

    /// <summary>
    /// Returns the <c>SCM_CREDENTIALS</c> in <paramref name="control"/>, if any (null also for the kernel's
    /// placeholder, <see cref="IsPlaceholder"/>: credentials unknown), and closes every descriptor an
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
                var read = new UnixCredentials(cred.Pid, cred.Uid, cred.Gid);
                credentials = IsPlaceholder(read) ? null : read;
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

    private static uint ReadOverflowId(string name)
    {
        try
        {
            return uint.TryParse(File.ReadAllText("/proc/sys/kernel/" + name).Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : 65534;
        }
        catch (IOException)
        {
            return 65534;
        }
        catch (UnauthorizedAccessException)
        {
            return 65534;
        }
    }

    private static void CloseDescriptors(ReadOnlySpan<byte> fds)
    {
        for (; fds.Length >= sizeof(int); fds = fds[sizeof(int)..])
        {
            _ = SocketCalls.Close(MemoryMarshal.Read<int>(fds));
        }
    }
}
