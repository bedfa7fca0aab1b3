using UnixDatagram.Transport.Internal;
using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport;

/// <summary>
/// Safe directories for socket files and log files, checked as sshd's <c>StrictModes</c> and systemd's safe path resolution do:
/// each directory from <c>/</c> down is opened with <c>O_DIRECTORY|O_NOFOLLOW</c> relative to its parent and checked
/// with <c>fstat</c> on that descriptor (no check-then-use race on a name, and no symbolic link anywhere). Every
/// directory above the last must be owned by root or this process's effective user and not writable by group or
/// others, unless it is root's and sticky (as <c>/tmp</c>: others may add entries, not rename or remove ours).
/// </summary>
public static class UnixDirectory
{
    internal const uint AnyWrite = 0x12; // S_IWGRP | S_IWOTH
    private const uint Sticky = 0x200; // S_ISVTX
    private const int MaxSymbolicLinks = 40; // the kernel's own limit, path_resolution(7)

    /// <summary>
    /// Whether this process may create entries in the directory <paramref name="path"/> (write and search
    /// permission), as the kernel decides it, with ACLs and read-only mounts: <c>access(2)</c> with
    /// <c>W_OK | X_OK</c>. Decided with the real user and group ids, as <c>access(2)</c> does.
    /// </summary>
    /// <returns>True when the kernel allows it; false when it does not or the directory cannot be reached.</returns>
    public static bool IsWritable(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return FileCalls.Access(path, Libc.W_OK | Libc.X_OK) == 0;
    }

    /// <summary>
    /// Checks the absolute directory <paramref name="path"/> and every directory above it; with
    /// <paramref name="create"/>, creates the missing ones with mode 0700 (each checked as it is made).
    /// </summary>
    /// <returns>The directories created, outermost first (for <see cref="RemoveCreated"/>).</returns>
    /// <exception cref="UnixDirectoryException">A directory is unsafe, missing (without <paramref name="create"/>) or cannot be opened; the message names it, its owner and its mode.</exception>
    public static IReadOnlyList<string> Secure(string path, UnixDirectoryTrust trust, bool create)
    {
        var created = new List<string>();
        Walk(path, trust, create, created).Dispose();
        return created;
    }

    /// <summary>
    /// Checks the directory <paramref name="path"/> as <see cref="Secure"/> does, without creating anything, and
    /// returns its owner's uid as found by the check (for a client that trusts the user a directory was given to,
    /// <see cref="UnixDirectoryTrust.PrivateOrAssignedByRoot"/>).
    /// </summary>
    /// <exception cref="UnixDirectoryException">As for <see cref="Secure"/>.</exception>
    public static uint SecureOwner(string path, UnixDirectoryTrust trust)
    {
        using var handle = Walk(path, trust, create: false, []);
        return Stat(handle, path).Owner;
    }

    /// <summary>
    /// Checks <paramref name="path"/> as <see cref="Secure"/> does (without creating anything) and returns an
    /// <c>O_PATH</c> descriptor of the directory checked, so that what is opened in it next (with <c>openat</c>) is
    /// opened in that very directory, not in whatever the name points at by then. Unlike <see cref="Secure"/>, a
    /// symbolic link on the way is followed when it could only have been made by root or this process's user: it
    /// is owned by one of them and sits in a directory that passed the check (as <c>/var/log/app</c> pointing to
    /// <c>private/app</c>, which systemd makes for <c>LogsDirectory=</c> with <c>DynamicUser=yes</c>); its target is
    /// then checked from <c>/</c> down as any path is.
    /// </summary>
    /// <exception cref="UnixDirectoryException">As for <see cref="Secure"/>.</exception>
    internal static SafeFileHandle OpenSecured(string path, UnixDirectoryTrust trust) => OpenSecured(path, trust, peerUserId: null);

    /// <summary>
    /// Checks the directory <paramref name="path"/> of a peer's socket (a destination, not a place this process binds)
    /// as the directory of an absolute endpoint path is checked (<see cref="UnixDirectoryTrust.Shared"/>: owned by root
    /// or this process's effective user, and not writable by group or others unless it is root's and sticky, as
    /// <c>/tmp</c>), except that the last directory may also be owned by <paramref name="peerUserId"/>: the user the
    /// operator named as the peer's (a service whose runtime directory root gave it). Symbolic links on the way are
    /// followed as <see cref="OpenSecured(string, UnixDirectoryTrust)"/> follows them. Nothing is created.
    /// </summary>
    /// <exception cref="UnixDirectoryException">
    /// A directory is unsafe or cannot be opened; the message names it, its owner and its mode. A directory that
    /// does not exist (all above it safe) has <see cref="UnixDirectoryException.IsMissing"/> set.
    /// </exception>
    public static void SecurePeer(string path, uint? peerUserId) => OpenSecured(path, UnixDirectoryTrust.Shared, peerUserId).Dispose();

    /// <summary>As <see cref="OpenSecured(string, UnixDirectoryTrust)"/>, with <paramref name="peerUserId"/> also trusted to own the last directory.</summary>
    internal static SafeFileHandle OpenSecured(string path, UnixDirectoryTrust trust, uint? peerUserId)
    {
        for (var links = 0; ; links++)
        {
            var handle = Walk(path, trust, create: false, [], followSafeLinks: true, peerUserId, out var target);
            if (handle is not null)
            {
                return handle;
            }

            if (links == MaxSymbolicLinks)
            {
                throw new UnixDirectoryException(path, $"'{path}' goes through more than {MaxSymbolicLinks} symbolic links (ELOOP).");
            }

            path = target!;
        }
    }

    private static SafeFileHandle Walk(string path, UnixDirectoryTrust trust, bool create, List<string> created) =>
        Walk(path, trust, create, created, followSafeLinks: false, peerUserId: null, out _)!;

    /// <summary>The walk from <c>/</c>; null with <paramref name="redirect"/> set when a safe symbolic link is to be followed.</summary>
    private static SafeFileHandle? Walk(string path, UnixDirectoryTrust trust, bool create, List<string> created, bool followSafeLinks, uint? peerUserId, out string? redirect)
    {
        redirect = null;
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!Path.IsPathRooted(path))
        {
            throw new UnixDirectoryException(path, $"'{path}' is not an absolute path.");
        }

        var euid = UnixProcess.EffectiveUserId;
        var components = Path.GetFullPath(path).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = "/";
        var handle = Open(Libc.AT_FDCWD, "/", current);
        try
        {
            var (ownerAbove, modeAbove) = Stat(handle, current);
            if (components.Length == 0)
            {
                Check(current, ownerAbove, modeAbove, trust, euid, 0, 0, peerUserId);
                return handle;
            }

            CheckAbove(current, ownerAbove, modeAbove, euid);
            for (var i = 0; i < components.Length; i++)
            {
                var name = components[i];
                var next = current == "/" ? "/" + name : current + "/" + name;
                if (followSafeLinks && ReadSafeLink(handle, name, euid) is { } target)
                {
                    var resolved = Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Join(current, target));
                    redirect = string.Join('/', [resolved.TrimEnd('/'), .. components[(i + 1)..]]);
                    handle.Dispose();
                    return null;
                }

                var child = OpenAt(handle, name, next, out var missing);
                if (missing)
                {
                    if (!create)
                    {
                        throw new UnixDirectoryException(next, $"the directory '{next}' does not exist.") { IsMissing = true };
                    }

                    if (FileCalls.MkdirAt(handle, name, 0x1C0) == 0)
                    {
                        created.Add(next);
                    }
                    else if (Marshal.GetLastPInvokeError() is var e && e != Errno.EEXIST)
                    {
                        throw new UnixDirectoryException(next, $"cannot create the directory '{next}': {Errno.Name(e)}.");
                    }

                    child = OpenAt(handle, name, next, out missing);
                    if (missing)
                    {
                        throw new UnixDirectoryException(next, $"the directory '{next}' vanished while it was being created.");
                    }
                }

                handle.Dispose();
                handle = child!;
                var (owner, mode) = Stat(handle, next);
                if (i == components.Length - 1)
                {
                    Check(next, owner, mode, trust, euid, ownerAbove, modeAbove, peerUserId);
                }
                else
                {
                    CheckAbove(next, owner, mode, euid);
                }

                (ownerAbove, modeAbove, current) = (owner, mode, next);
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            RemoveCreated(created);
            throw;
        }
    }

    /// <summary>
    /// The target of <paramref name="name"/> in the (checked) directory <paramref name="dir"/> when it is a symbolic
    /// link owned by root or <paramref name="euid"/>; null otherwise (not a link, or a link someone else made, which
    /// the walk then refuses as any symbolic link).
    /// </summary>
    private static unsafe string? ReadSafeLink(SafeFileHandle dir, string name, uint euid)
    {
        // Checked and read through one descriptor, so the link read is the link whose owner was checked.
        var link = FileCalls.OpenAt(dir, name, Libc.O_PATH | Libc.O_NOFOLLOW | Libc.O_CLOEXEC);
        if (link < 0)
        {
            return null;
        }

        try
        {
            Statx st;
            if (FileCalls.StatX(link, string.Empty, Libc.AT_EMPTY_PATH | Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_TYPE | Libc.STATX_UID, &st) != 0
                || (st.Mode & Libc.S_IFMT) != Libc.S_IFLNK
                || (st.Uid != 0 && st.Uid != euid))
            {
                return null;
            }

            var buffer = stackalloc byte[4096];
            var length = FileCalls.ReadLinkAt(link, string.Empty, buffer, 4096);
            return length is > 0 and < 4096 ? System.Text.Encoding.UTF8.GetString(buffer, (int)length) : null;
        }
        finally
        {
            SocketCalls.Close(link);
        }
    }

    /// <summary>Removes directories that <see cref="Secure"/> created, innermost first, each only if it is empty.</summary>
    public static void RemoveCreated(IReadOnlyList<string> created)
    {
        ArgumentNullException.ThrowIfNull(created);
        for (var i = created.Count - 1; i >= 0; i--)
        {
            if (FileCalls.Rmdir(created[i]) != 0)
            {
                return;
            }
        }
    }

    /// <summary>The mode bits as four octal digits, such as <c>0755</c>.</summary>
    internal static string Octal(uint mode) => Convert.ToString(mode & 0xFFF, 8).PadLeft(4, '0');

    /// <summary>
    /// Whether a user other than root and <paramref name="euid"/> may create names in a directory that passed the
    /// check: it is writable by group or others (root's and sticky), or owned by a peer's user.
    /// </summary>
    internal static bool OthersMayCreate(uint owner, uint mode, uint euid) => (mode & AnyWrite) != 0 || (owner != 0 && owner != euid);

    private static void Check(string path, uint owner, uint mode, UnixDirectoryTrust trust, uint euid, uint ownerAbove, uint modeAbove, uint? peerUserId)
    {
        if (trust == UnixDirectoryTrust.Shared)
        {
            CheckAbove(path, owner, mode, euid, peerUserId);
            return;
        }

        var assignedByRoot = trust == UnixDirectoryTrust.PrivateOrAssignedByRoot && ownerAbove == 0 && (modeAbove & AnyWrite) == 0;
        if (owner != 0 && owner != euid && !assignedByRoot)
        {
            throw Unsafe(path, owner, mode, euid, "is owned by another user");
        }

        if ((mode & AnyWrite) != 0)
        {
            throw Unsafe(path, owner, mode, euid, "is writable by group or others");
        }
    }

    private static void CheckAbove(string path, uint owner, uint mode, uint euid, uint? peerUserId = null)
    {
        if (owner != 0 && owner != euid && owner != peerUserId)
        {
            throw Unsafe(path, owner, mode, euid, "is owned by another user");
        }

        if ((mode & AnyWrite) != 0 && !(owner == 0 && (mode & Sticky) != 0))
        {
            throw Unsafe(path, owner, mode, euid, "is writable by group or others (and not a sticky directory of root's, such as /tmp)");
        }
    }

    private static UnixDirectoryException Unsafe(string path, uint owner, uint mode, uint euid, string what) =>
        UnsafeDirectoryMessage.Unsafe(path, owner, mode, euid, what);

    private static SafeFileHandle Open(int dirFd, string name, string path)
    {
        var fd = FileCalls.OpenAt(dirFd, name, Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC);
        if (fd < 0)
        {
            throw new UnixDirectoryException(path, $"cannot open the directory '{path}': {Errno.Name(Marshal.GetLastPInvokeError())}.");
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }

    private static SafeFileHandle? OpenAt(SafeFileHandle dir, string name, string path, out bool missing)
    {
        missing = false;
        var fd = FileCalls.OpenAt(dir, name, Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC);
        if (fd >= 0)
        {
            return new SafeFileHandle(fd, ownsHandle: true);
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno == Errno.ENOENT)
        {
            missing = true;
            return null;
        }

        throw errno == Errno.ENOTDIR || errno == Errno.ELOOP
            ? UnsafeDirectoryMessage.NotADirectory(path)
            : new UnixDirectoryException(path, $"cannot open the directory '{path}': {Errno.Name(errno)}.");
    }

    internal static unsafe (uint Owner, uint Mode) Stat(SafeFileHandle handle, string path)
    {
        Statx st;
        if (FileCalls.StatX(handle, string.Empty, Libc.AT_EMPTY_PATH, Libc.STATX_MODE | Libc.STATX_UID | Libc.STATX_TYPE, &st) != 0)
        {
            throw new UnixDirectoryException(path, $"cannot stat the directory '{path}': {Errno.Name(Marshal.GetLastPInvokeError())}.");
        }

        return (st.Uid, st.Mode);
    }
}
