using UnixDatagram.Transport.Internal;
using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport;

/// <summary>
/// Opens files to append to (log files) as a daemon running as root must: the directory is checked as a socket
/// directory is (<see cref="UnixDirectory"/>, <see cref="UnixDirectoryTrust.Private"/>: owned by root or this
/// process's user, not writable by group or others, no symbolic link from <c>/</c> down), and the file is opened
/// in that checked directory with <c>openat(O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY |
/// O_NONBLOCK)</c>, so a symbolic link at its name is refused rather than followed, and a FIFO without a reader
/// fails at once instead of blocking; whatever opens must be a regular file. See open(2).
/// </summary>
public static class UnixAppendFile
{
    /// <summary>Checks the directory files are opened in, as <see cref="Open"/> does: it exists and is safe.</summary>
    /// <exception cref="UnixDirectoryException">The directory is unsafe, missing or cannot be opened; the message names it, its owner, its mode and what is wrong.</exception>
    public static void CheckDirectory(string directory) => UnixDirectory.OpenSecured(directory, UnixDirectoryTrust.Private).Dispose();

    /// <summary>
    /// Checks that <paramref name="path"/> could be opened by <see cref="Open"/>: its directory is safe and exists,
    /// and the file, if it exists, is a regular file and not a symbolic link. Nothing is created.
    /// </summary>
    /// <exception cref="UnixDirectoryException">The directory is unsafe, missing or cannot be opened.</exception>
    /// <exception cref="UnixFileException">The file is a symbolic link or not a regular file.</exception>
    public static void Check(string path)
    {
        var (directory, name, full) = Split(path);
        using var dir = UnixDirectory.OpenSecured(directory, UnixDirectoryTrust.Private);
        if (FileKind.At(dir, name) is { } existing && (existing.Mode & Libc.S_IFMT) != Libc.S_IFREG)
        {
            throw Refused(full, existing.Mode, existing.Owner);
        }
    }

    /// <summary>
    /// Opens <paramref name="path"/> for appending, creating it with <paramref name="createMode"/> (less the umask)
    /// when it does not exist. The descriptor is blocking, close-on-exec, and every write goes to the end of the
    /// file (<c>O_APPEND</c>), also after another process truncated it.
    /// </summary>
    /// <exception cref="UnixDirectoryException">The directory is unsafe, missing or cannot be opened.</exception>
    /// <exception cref="UnixFileException">The file is a symbolic link, not a regular file, or cannot be opened; the message names it, its owner and what is wrong.</exception>
    public static SafeFileHandle Open(string path, UnixFileMode createMode)
    {
        var (directory, name, full) = Split(path);
        using var dir = UnixDirectory.OpenSecured(directory, UnixDirectoryTrust.Private);
        const int flags = Libc.O_WRONLY | Libc.O_APPEND | Libc.O_CREAT | Libc.O_CLOEXEC | Libc.O_NOCTTY | Libc.O_NONBLOCK;
        int fd;
        do
        {
            fd = FileCalls.OpenAt(dir, name, flags | Libc.O_NOFOLLOW, (uint)createMode);
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR);

        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();

            // ELOOP: a symbolic link (O_NOFOLLOW); ENXIO: a FIFO without a reader, or a socket.
            if ((errno == Errno.ELOOP || errno == Errno.ENXIO) && FileKind.At(dir, name) is { } found)
            {
                throw Refused(full, found.Mode, found.Owner);
            }

            throw new UnixFileException(full, $"cannot open '{full}' to append to it: {Errno.Name(errno)} ({Marshal.GetPInvokeErrorMessage(errno)}).");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            if (FileKind.Of(handle) is not { } opened)
            {
                throw new UnixFileException(full, $"cannot stat '{full}' after opening it: {Errno.Name(Marshal.GetLastPInvokeError())}.");
            }

            if ((opened.Mode & Libc.S_IFMT) != Libc.S_IFREG)
            {
                throw Refused(full, opened.Mode, opened.Owner);
            }

            // O_NONBLOCK was for the open only (a FIFO must not block it); a regular file ignores it, but .NET
            // takes a non-blocking descriptor for an asynchronous one.
            if (FileCalls.Fcntl(handle, Libc.F_SETFL, Libc.O_APPEND) != 0)
            {
                throw new UnixFileException(full, $"cannot clear O_NONBLOCK on '{full}': {Errno.Name(Marshal.GetLastPInvokeError())}.");
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static (string Directory, string Name, string Full) Split(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!Path.IsPathRooted(path))
        {
            throw new UnixFileException(path, $"'{path}' is not an absolute path.");
        }

        var full = Path.GetFullPath(path);
        var name = Path.GetFileName(full);
        var directory = Path.GetDirectoryName(full);
        if (name.Length == 0 || directory is null)
        {
            throw new UnixFileException(path, $"'{path}' names a directory, not a file.");
        }

        return (directory, name, full);
    }

    private static UnixFileException Refused(string path, uint mode, uint owner)
    {
        var what = FileKind.Describe(mode);
        var why = (mode & Libc.S_IFMT) == Libc.S_IFLNK
            ? "a log file is never opened through a symbolic link (whoever made it could point it at any file); remove it, or give the file it points to"
            : "a log file must be a regular file; remove it, or give another name";
        return new UnixFileException(path, string.Create(CultureInfo.InvariantCulture, $"'{path}' (owner uid {owner}, mode {OctalFileMode.Format(mode)}) is {what}: {why}."));
    }
}
