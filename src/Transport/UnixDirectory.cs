using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport;

/// <summary>
/// Safe directories for socket files, checked as sshd's <c>StrictModes</c> and systemd's safe path resolution do:
/// each directory from <c>/</c> down is opened with <c>O_DIRECTORY|O_NOFOLLOW</c> relative to its parent and checked
/// with <c>fstat</c> on that descriptor (no check-then-use race on a name, and no symbolic link anywhere). Every
/// directory above the last must be owned by root or this process's effective user and not writable by group or
/// others, unless it is root's and sticky (as <c>/tmp</c>: others may add entries, not rename or remove ours).
/// </summary>
public static class UnixDirectory
{
    private const uint AnyWrite = 0x12; // S_IWGRP | S_IWOTH
    private const uint Sticky = 0x200; // S_ISVTX

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
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!Path.IsPathRooted(path))
        {
            throw new UnixDirectoryException(path, $"'{path}' is not an absolute path.");
        }

        var created = new List<string>();
        var euid = UnixProcess.EffectiveUserId;
        var components = Path.GetFullPath(path).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = "/";
        var handle = Open(Libc.AT_FDCWD, "/", current);
        try
        {
            var (ownerAbove, modeAbove) = Stat(handle, current);
            if (components.Length == 0)
            {
                Check(current, ownerAbove, modeAbove, trust, euid, 0, 0);
                return created;
            }

            CheckAbove(current, ownerAbove, modeAbove, euid);
            for (var i = 0; i < components.Length; i++)
            {
                var name = components[i];
                var next = current == "/" ? "/" + name : current + "/" + name;
                var child = OpenAt(handle, name, next, out var missing);
                if (missing)
                {
                    if (!create)
                    {
                        throw new UnixDirectoryException(next, $"the directory '{next}' does not exist.");
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
                    Check(next, owner, mode, trust, euid, ownerAbove, modeAbove);
                }
                else
                {
                    CheckAbove(next, owner, mode, euid);
                }

                (ownerAbove, modeAbove, current) = (owner, mode, next);
            }

            return created;
        }
        catch
        {
            RemoveCreated(created);
            throw;
        }
        finally
        {
            handle.Dispose();
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

    private static void Check(string path, uint owner, uint mode, UnixDirectoryTrust trust, uint euid, uint ownerAbove, uint modeAbove)
    {
        if (trust == UnixDirectoryTrust.Shared)
        {
            CheckAbove(path, owner, mode, euid);
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

    private static void CheckAbove(string path, uint owner, uint mode, uint euid)
    {
        if (owner != 0 && owner != euid)
        {
            throw Unsafe(path, owner, mode, euid, "is owned by another user");
        }

        if ((mode & AnyWrite) != 0 && !(owner == 0 && (mode & Sticky) != 0))
        {
            throw Unsafe(path, owner, mode, euid, "is writable by group or others (and not a sticky directory of root's, such as /tmp)");
        }
    }

    private static UnixDirectoryException Unsafe(string path, uint owner, uint mode, uint euid, string what) => new(
        path,
        string.Create(CultureInfo.InvariantCulture, $"the directory '{path}' (owner uid {owner}, mode {Octal(mode)}) {what}: whoever can write to it can replace the sockets in it. A socket directory and the directories above it must be owned by root or uid {euid} (this process) and not writable by group or others; fix it or choose another directory."));

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

        throw new UnixDirectoryException(path, errno == Errno.ENOTDIR || errno == Errno.ELOOP
            ? $"'{path}' is a symbolic link or not a directory: a socket directory and the directories above it must be real directories (give the resolved path)."
            : $"cannot open the directory '{path}': {Errno.Name(errno)}.");
    }

    private static unsafe (uint Owner, uint Mode) Stat(SafeFileHandle handle, string path)
    {
        Statx st;
        if (FileCalls.StatX(handle, string.Empty, Libc.AT_EMPTY_PATH, Libc.STATX_MODE | Libc.STATX_UID | Libc.STATX_TYPE, &st) != 0)
        {
            throw new UnixDirectoryException(path, $"cannot stat the directory '{path}': {Errno.Name(Marshal.GetLastPInvokeError())}.");
        }

        return (st.Uid, st.Mode);
    }
}
