using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport.Internal;

/// <summary>
/// Mode and owner for the socket file a bind creates, with no moment at which anyone the options leave out can
/// connect, and with the kernel's name for the socket still the real path (a bind under a temporary name, renamed
/// afterwards, would make every peer see, and answer to, the temporary name).
/// </summary>
/// <remarks>
/// Linux creates the file with the socket inode's mode, less the umask. So the inode is <c>fchmod</c>-ed before the
/// bind to the requested mode, without the owner's bits if the owner will change and without the group's bits if
/// the group will: until the <c>chown</c>, the file belongs to this process, and only what the final mode grants
/// that very user and group may reach it. After the bind, owner and mode are set through a descriptor opened with
/// <c>O_PATH | O_NOFOLLOW</c> and checked to be a socket, so a symbolic link swapped in at the path is never followed.
/// </remarks>
internal static class SocketFilePermissions
{
    private const uint OwnerBits = 0x1C0; // 0700
    private const uint GroupBits = 0x38; // 0070
    private const uint PermissionBits = 0x1FF; // 0777
    private const uint Unchanged = uint.MaxValue;

    /// <summary>The mode to give the socket inode before the bind; null when no mode was asked for.</summary>
    public static uint? ModeBeforeBind(UnixSocketFileOptions options)
    {
        if (options.Mode is not { } mode)
        {
            return null;
        }

        var early = (uint)mode & PermissionBits;
        if (options.UserId is not null)
        {
            early &= ~OwnerBits;
        }

        if (options.GroupId is not null)
        {
            early &= ~GroupBits;
        }

        return early;
    }

    /// <summary>Sets owner, then mode (a <c>chown</c> may clear set-id bits), on the socket file just bound at <paramref name="path"/>.</summary>
    /// <param name="path">The bound path.</param>
    /// <param name="options">What to set.</param>
    /// <param name="identity">The file, as soon as it has been opened: what a caller cleaning up after a failure may remove.</param>
    /// <exception cref="UnixSocketException">The file could not be opened, was not a socket, or could not be changed.</exception>
    public static void Apply(string path, UnixSocketFileOptions options, out FileIdentity? identity)
    {
        identity = null;
        var fd = FileCalls.Open(path, Libc.O_PATH | Libc.O_NOFOLLOW | Libc.O_CLOEXEC);
        if (fd < 0)
        {
            throw SocketErrors.Other(Marshal.GetLastPInvokeError(), "open", path);
        }

        using var file = new SafeFileHandle(fd, ownsHandle: true);
        identity = FileIdentity.Of(file, path);
        if (identity is not { IsSocket: true })
        {
            identity = null;
            throw new UnixSocketException(Errno.ENOTSOCK, "bind", path, $"bind '{path}' failed: the file at the path is no longer the socket just bound there (replaced while its mode was being set); it was left alone.");
        }

        if ((options.UserId is not null || options.GroupId is not null)
            && FileCalls.FChownAt(file, string.Empty, options.UserId ?? Unchanged, options.GroupId ?? Unchanged, Libc.AT_EMPTY_PATH) != 0)
        {
            throw SocketErrors.Other(Marshal.GetLastPInvokeError(), "chown", path);
        }

        // An O_PATH descriptor cannot be fchmod-ed; its /proc/self/fd link reaches the same inode without a path lookup.
        if (options.Mode is { } mode
            && FileCalls.Chmod("/proc/self/fd/" + fd.ToString(CultureInfo.InvariantCulture), (uint)mode) != 0)
        {
            throw SocketErrors.Other(Marshal.GetLastPInvokeError(), "chmod", path);
        }
    }
}
