using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport.Internal;

/// <summary>What a file is (<c>st_mode &amp; S_IFMT</c>, inode(7)), in words for error messages.</summary>
internal static class FileKind
{
    /// <summary>The file type of <paramref name="mode"/> with its article: <c>a regular file</c>, <c>a FIFO</c>.</summary>
    public static string Describe(uint mode) => (mode & Libc.S_IFMT) switch
    {
        Libc.S_IFREG => "a regular file",
        Libc.S_IFDIR => "a directory",
        Libc.S_IFLNK => "a symbolic link",
        Libc.S_IFSOCK => "a socket",
        Libc.S_IFIFO => "a FIFO (named pipe)",
        Libc.S_IFCHR => "a character device",
        Libc.S_IFBLK => "a block device",
        _ => "a file of unknown type",
    };

    /// <summary>
    /// The mode and owner of the file at <paramref name="path"/>, following symbolic links (as <c>connect(2)</c>
    /// does) unless <paramref name="noFollow"/>; null when it cannot be read.
    /// </summary>
    public static unsafe (uint Mode, uint Owner)? Of(string path, bool noFollow)
    {
        Statx st;
        var flags = noFollow ? Libc.AT_SYMLINK_NOFOLLOW : 0;
        return FileCalls.StatX(Libc.AT_FDCWD, path, flags, Libc.STATX_TYPE | Libc.STATX_MODE | Libc.STATX_UID, &st) == 0
            ? (st.Mode, st.Uid)
            : null;
    }

    /// <summary>The mode and owner of the file at the raw path <paramref name="path"/>, following symbolic links (as <c>connect(2)</c> does); null when it cannot be read.</summary>
    public static unsafe (uint Mode, uint Owner)? Of(ReadOnlySpan<byte> path)
    {
        Span<byte> terminated = stackalloc byte[path.Length + 1];
        path.CopyTo(terminated);
        terminated[^1] = 0;
        Statx st;
        fixed (byte* p = terminated)
        {
            return FileCalls.StatX(Libc.AT_FDCWD, p, 0, Libc.STATX_TYPE | Libc.STATX_MODE | Libc.STATX_UID, &st) == 0
                ? (st.Mode, st.Uid)
                : null;
        }
    }

    /// <summary>The mode and owner of <paramref name="name"/> in the directory <paramref name="directory"/>, without following a symbolic link; null when it cannot be read (ENOENT: there is none).</summary>
    public static unsafe (uint Mode, uint Owner)? At(SafeHandle directory, string name)
    {
        Statx st;
        return FileCalls.StatX(directory, name, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_TYPE | Libc.STATX_MODE | Libc.STATX_UID, &st) == 0
            ? (st.Mode, st.Uid)
            : null;
    }

    /// <summary>The mode and owner of an open descriptor; null when it cannot be read.</summary>
    public static unsafe (uint Mode, uint Owner)? Of(SafeHandle fd)
    {
        Statx st;
        return FileCalls.StatX(fd, string.Empty, Libc.AT_EMPTY_PATH, Libc.STATX_TYPE | Libc.STATX_MODE | Libc.STATX_UID, &st) == 0
            ? (st.Mode, st.Uid)
            : null;
    }
}
