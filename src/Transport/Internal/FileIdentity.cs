using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport.Internal;

/// <summary>A file as the kernel knows it (device and inode), to tell "still our socket file" from a replacement.</summary>
internal readonly record struct FileIdentity(string Path, uint DevMajor, uint DevMinor, ulong Inode, ushort Mode)
{
    /// <summary>Whether the file is a socket.</summary>
    public bool IsSocket => (Mode & Libc.S_IFMT) == Libc.S_IFSOCK;

    /// <summary>The identity of the file at <paramref name="path"/>, without following a final symlink; null if there is none.</summary>
    public static unsafe FileIdentity? Of(string path)
    {
        Statx st;
        if (FileCalls.StatX(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_TYPE | Libc.STATX_INO, &st) != 0)
        {
            return null;
        }

        return new FileIdentity(path, st.DevMajor, st.DevMinor, st.Inode, st.Mode);
    }

    /// <summary>The identity of the file an open descriptor (an <c>O_PATH</c> one included) refers to; null if it cannot be read.</summary>
    public static unsafe FileIdentity? Of(SafeHandle fd, string path)
    {
        Statx st;
        if (FileCalls.StatX(fd, string.Empty, Libc.AT_EMPTY_PATH | Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_TYPE | Libc.STATX_INO, &st) != 0)
        {
            return null;
        }

        return new FileIdentity(path, st.DevMajor, st.DevMinor, st.Inode, st.Mode);
    }

    /// <summary>
    /// Whether <paramref name="other"/> is the same file: same device and inode, both sockets. Permission bits are not
    /// compared, so a socket file someone chmod-ed after the bind is still ours.
    /// </summary>
    public bool IsSameFile(FileIdentity? other) =>
        other is { } o && o.DevMajor == DevMajor && o.DevMinor == DevMinor && o.Inode == Inode && o.IsSocket == IsSocket;
}
