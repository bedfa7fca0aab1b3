namespace UnixDatagram.Transport.Internal.Interop;

/// <summary>File system calls .NET does not expose: inode identity, mode and ownership.</summary>
internal static unsafe partial class FileCalls
{
    [LibraryImport(Libc.Name, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int StatX(int dirfd, string path, int flags, uint mask, Statx* result);

    /// <summary><c>statx(2)</c> of a path given as its raw bytes (NUL-terminated), which need not be UTF-8.</summary>
    [LibraryImport(Libc.Name, EntryPoint = "statx", SetLastError = true)]
    public static partial int StatX(int dirfd, byte* path, int flags, uint mask, Statx* result);

    [LibraryImport(Libc.Name, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int StatX(SafeHandle dirfd, string path, int flags, uint mask, Statx* result);

    /// <summary><c>access(2)</c>: whether this process may use a file as asked, as the kernel decides (ACLs, read-only mounts).</summary>
    [LibraryImport(Libc.Name, EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Access(string path, int mode);

    [LibraryImport(Libc.Name, EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LChown(string path, uint owner, uint group);

    [LibraryImport(Libc.Name, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    /// <summary><c>open(2)</c> of a NUL-terminated path given as its raw bytes (a peer's <c>sun_path</c> need not be UTF-8).</summary>
    [LibraryImport(Libc.Name, EntryPoint = "open", SetLastError = true)]
    public static partial int Open(byte* path, int flags);

    [LibraryImport(Libc.Name, EntryPoint = "fchownat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int FChownAt(SafeHandle dirFd, string path, uint owner, uint group, int flags);

    [LibraryImport(Libc.Name, EntryPoint = "fchmod", SetLastError = true)]
    public static partial int FChmod(SafeHandle fd, uint mode);

    [LibraryImport(Libc.Name, EntryPoint = "chmod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Chmod(string path, uint mode);

    [LibraryImport(Libc.Name, EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int RenameAt2(int oldDirFd, string oldPath, int newDirFd, string newPath, uint flags);

    [LibraryImport(Libc.Name, EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Unlink(string path);

    [LibraryImport(Libc.Name, EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OpenAt(SafeHandle dirFd, string path, int flags);

    [LibraryImport(Libc.Name, EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OpenAt(int dirFd, string path, int flags);

    /// <summary><c>openat(2)</c> with a mode, for <c>O_CREAT</c>.</summary>
    [LibraryImport(Libc.Name, EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OpenAt(SafeHandle dirFd, string path, int flags, uint mode);

    [LibraryImport(Libc.Name, EntryPoint = "readlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint ReadLinkAt(SafeHandle dirFd, string path, byte* buffer, nuint size);

    /// <summary><c>readlinkat(2)</c> on a descriptor: with an empty path, the link an <c>O_PATH | O_NOFOLLOW</c> descriptor holds.</summary>
    [LibraryImport(Libc.Name, EntryPoint = "readlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint ReadLinkAt(int fd, string path, byte* buffer, nuint size);

    [LibraryImport(Libc.Name, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(SafeHandle fd, int command, int argument);

    [LibraryImport(Libc.Name, EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MkdirAt(SafeHandle dirFd, string path, uint mode);

    [LibraryImport(Libc.Name, EntryPoint = "rmdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Rmdir(string path);

    [LibraryImport(Libc.Name, EntryPoint = "geteuid")]
    public static partial uint GetEuid();

    [LibraryImport(Libc.Name, EntryPoint = "getuid")]
    public static partial uint GetUid();

    [LibraryImport(Libc.Name, EntryPoint = "getgid")]
    public static partial uint GetGid();

    [LibraryImport(Libc.Name, EntryPoint = "getpid")]
    public static partial int GetPid();
}
