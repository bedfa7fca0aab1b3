using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport.Internal;

/// <summary>
/// One walk of <see cref="UnixDirectory"/> from <c>/</c> down to a directory: each directory opened with
/// <c>O_PATH|O_DIRECTORY|O_NOFOLLOW</c> relative to its parent and checked with <c>fstat</c> on that descriptor against
/// the <see cref="DirectoryOwnership"/> rule (no check-then-use race on a name, and no symbolic link anywhere). With
/// <c>create</c>, a missing directory is made (mode 0700) and checked as it is made; a walk that fails removes what it
/// made. With <c>followSafeLinks</c>, it stops at a symbolic link that root or this process's user made, and says where
/// the path leads instead.
/// </summary>
internal sealed class DirectoryWalk
{
    private readonly DirectoryOwnership _rule;
    private readonly uint _euid;
    private readonly bool _create;
    private readonly bool _followSafeLinks;

    /// <param name="trust">Whom the last directory may belong to.</param>
    /// <param name="peerUserId">A peer's user, also trusted to own the last directory; null for none.</param>
    /// <param name="create">Whether to create the missing directories.</param>
    /// <param name="followSafeLinks">Whether to stop at a safe symbolic link rather than refuse it.</param>
    public DirectoryWalk(UnixDirectoryTrust trust, uint? peerUserId, bool create, bool followSafeLinks)
    {
        _euid = UnixProcess.EffectiveUserId;
        _rule = new DirectoryOwnership(trust, _euid, peerUserId);
        _create = create;
        _followSafeLinks = followSafeLinks;
    }

    /// <summary>The directories this walk created, outermost first.</summary>
    public List<string> Created { get; } = [];

    /// <summary>Walks to <paramref name="path"/>, which must not lead through a symbolic link.</summary>
    /// <returns>An <c>O_PATH</c> descriptor of the directory checked.</returns>
    public SafeFileHandle Open(string path) => Open(path, out _)!;

    /// <summary>The walk from <c>/</c>; null with <paramref name="redirect"/> set when a safe symbolic link is to be followed.</summary>
    /// <exception cref="UnixDirectoryException">A directory is unsafe, missing (without <c>create</c>) or cannot be opened.</exception>
    public SafeFileHandle? Open(string path, out string? redirect)
    {
        redirect = null;
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!Path.IsPathRooted(path))
        {
            throw new UnixDirectoryException(path, $"'{path}' is not an absolute path.");
        }

        var components = Path.GetFullPath(path).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = "/";
        var handle = Open(Libc.AT_FDCWD, "/", current);
        try
        {
            var (ownerAbove, modeAbove) = Stat(handle, current);
            if (components.Length == 0)
            {
                _rule.CheckLast(current, ownerAbove, modeAbove, 0, 0);
                return handle;
            }

            _rule.CheckAbove(current, ownerAbove, modeAbove);
            for (var i = 0; i < components.Length; i++)
            {
                var name = components[i];
                var next = current == "/" ? "/" + name : current + "/" + name;
                if (_followSafeLinks && ReadSafeLink(handle, name, _euid) is { } target)
                {
                    var resolved = Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Join(current, target));
                    redirect = string.Join('/', [resolved.TrimEnd('/'), .. components[(i + 1)..]]);
                    handle.Dispose();
                    return null;
                }

                var child = OpenAt(handle, name, next, out var missing);
                if (missing)
                {
                    if (!_create)
                    {
                        throw new UnixDirectoryException(next, $"the directory '{next}' does not exist.") { IsMissing = true };
                    }

                    if (FileCalls.MkdirAt(handle, name, 0x1C0) == 0)
                    {
                        Created.Add(next);
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
                    _rule.CheckLast(next, owner, mode, ownerAbove, modeAbove);
                }
                else
                {
                    _rule.CheckAbove(next, owner, mode);
                }

                (ownerAbove, modeAbove, current) = (owner, mode, next);
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            UnixDirectory.RemoveCreated(Created);
            throw;
        }
    }

    /// <summary>The owner and mode of the directory open as <paramref name="handle"/>, named <paramref name="path"/> in the error.</summary>
    internal static unsafe (uint Owner, uint Mode) Stat(SafeFileHandle handle, string path)
    {
        Statx st;
        if (FileCalls.StatX(handle, string.Empty, Libc.AT_EMPTY_PATH, Libc.STATX_MODE | Libc.STATX_UID | Libc.STATX_TYPE, &st) != 0)
        {
            throw new UnixDirectoryException(path, $"cannot stat the directory '{path}': {Errno.Name(Marshal.GetLastPInvokeError())}.");
        }

        return (st.Uid, st.Mode);
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
}
