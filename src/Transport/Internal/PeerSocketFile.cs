using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport.Internal;

/// <summary>
/// The socket file of a peer this process connects to, opened only where no other user could have put it, so that
/// what is sent there, with this process's credentials, reaches the peer the operator meant.
/// </summary>
/// <remarks>
/// The directory is checked from <c>/</c> down (<see cref="UnixDirectory.OpenSecured(string, UnixDirectoryTrust, uint?)"/>)
/// and the file is opened in that very directory with <c>O_PATH | O_NOFOLLOW</c>. Where a user other than root and
/// this process's may create names (a root-owned sticky directory such as <c>/tmp</c>, or a directory owned by the
/// peer's user), the file must belong to root, this process's effective user or the peer's user, and have one link
/// (a hard link to another socket would carry the datagrams there). A symbolic link is followed only when root or this
/// process's user made it (<c>/dev/log</c>), its target checked the same way. The caller connects to the opened file
/// through <c>/proc/self/fd</c>, which no later change at the path can redirect.
/// </remarks>
internal static class PeerSocketFile
{
    private const int MaxSymbolicLinks = 40; // the kernel's own limit, path_resolution(7)

    /// <summary>Opens the socket file at <paramref name="address"/> (a path) if it may be sent to.</summary>
    /// <returns>An <c>O_PATH</c> descriptor of the file, for the caller to close.</returns>
    /// <exception cref="UnixSocketException">Nothing is there (<c>ENOENT</c>, a missing directory included): the peer is not there.</exception>
    /// <exception cref="UnixDirectoryException">A directory on the way is unsafe; the message names it, its owner and mode.</exception>
    /// <exception cref="UnixFileException">The file is refused: another user's socket, a hard link, or another user's symbolic link.</exception>
    public static unsafe int Open(UnixSocketAddress address, uint? peerUserId)
    {
        var path = address.Value;
        var euid = UnixProcess.EffectiveUserId;
        for (var links = 0; ; links++)
        {
            var full = Path.GetFullPath(path);
            var directory = Path.GetDirectoryName(full) ?? "/";
            var name = Path.GetFileName(full);
            SafeFileHandle dir;
            try
            {
                dir = UnixDirectory.OpenSecured(directory, UnixDirectoryTrust.Shared, peerUserId);
            }
            catch (UnixDirectoryException ex) when (ex.IsMissing)
            {
                throw new UnixSocketException(Errno.ENOENT, "connect", address.ToString(), $"connect '{address}' failed: ENOENT: there is no socket at '{full}': {ex.Message}");
            }

            using (dir)
            {
                var (dirOwner, dirMode) = DirectoryWalk.Stat(dir, directory);
                var fd = FileCalls.OpenAt(dir, name, Libc.O_PATH | Libc.O_NOFOLLOW | Libc.O_CLOEXEC);
                if (fd < 0)
                {
                    throw SocketErrors.Connect(Marshal.GetLastPInvokeError(), address);
                }

                Statx st;
                if (FileCalls.StatX(fd, string.Empty, Libc.AT_EMPTY_PATH | Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_TYPE | Libc.STATX_MODE | Libc.STATX_UID | Libc.STATX_NLINK, &st) != 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    SocketCalls.Close(fd);
                    throw SocketErrors.Other(errno, "statx", full);
                }

                var type = st.Mode & Libc.S_IFMT;
                if (type == Libc.S_IFLNK)
                {
                    // The link read is the link checked: through the descriptor, not by name again, which a user who
                    // may create names in this directory could have swapped in between (renameat2 RENAME_EXCHANGE).
                    string target;
                    try
                    {
                        if (st.Uid != 0 && st.Uid != euid)
                        {
                            throw Refused(full, st, directory, dirOwner, dirMode, euid, peerUserId, $"a symbolic link that uid {st.Uid} made, which could point at any socket this process may write to");
                        }

                        if (links == MaxSymbolicLinks)
                        {
                            throw new UnixFileException(full, $"'{address}' goes through more than {MaxSymbolicLinks} symbolic links (ELOOP).");
                        }

                        target = ReadLink(fd, full);
                    }
                    finally
                    {
                        SocketCalls.Close(fd);
                    }

                    path = Path.IsPathRooted(target) ? target : Path.Join(directory, target);
                    continue;
                }

                if (type == Libc.S_IFSOCK && DirectoryOwnership.OthersMayCreate(dirOwner, dirMode, euid))
                {
                    string? refusal = st.Uid != 0 && st.Uid != euid && st.Uid != peerUserId
                        ? string.Create(CultureInfo.InvariantCulture, $"a socket that uid {st.Uid} bound, not {Trusted(euid, peerUserId)}: another user may have taken the name while the peer was away")
                        : st.Nlink != 1
                            ? string.Create(CultureInfo.InvariantCulture, $"a socket file with {st.Nlink} links: a hard link to a socket elsewhere, which whoever made it could point at any socket this process may write to")
                            : null;
                    if (refusal is not null)
                    {
                        SocketCalls.Close(fd);
                        throw Refused(full, st, directory, dirOwner, dirMode, euid, peerUserId, refusal);
                    }
                }

                return fd;
            }
        }
    }

    private static unsafe string ReadLink(int link, string path)
    {
        var buffer = stackalloc byte[4096];
        var length = FileCalls.ReadLinkAt(link, string.Empty, buffer, 4096);
        if (length is <= 0 or >= 4096)
        {
            throw new UnixFileException(path, $"cannot read the symbolic link '{path}': {Errno.Name(Marshal.GetLastPInvokeError())}.");
        }

        return System.Text.Encoding.UTF8.GetString(buffer, (int)length);
    }

    private static UnixFileException Refused(string path, Statx st, string directory, uint dirOwner, uint dirMode, uint euid, uint? peerUserId, string what)
    {
        var others = (dirMode & DirectoryOwnership.AnyWrite) != 0 ? "any user may create names" : string.Create(CultureInfo.InvariantCulture, $"uid {dirOwner} may create names");
        return new UnixFileException(path, string.Create(CultureInfo.InvariantCulture, $"'{path}' (owner uid {st.Uid}, mode {OctalFileMode.Format(st.Mode)}) is {what}; in its directory '{directory}' (owner uid {dirOwner}, mode {OctalFileMode.Format(dirMode)}) {others}, so only a socket file of {Trusted(euid, peerUserId)}, with one link, is trusted."));
    }

    /// <summary>Who may own the socket file, in words: root, this process's user, the peer's user.</summary>
    private static string Trusted(uint euid, uint? peerUserId)
    {
        var self = euid == 0 ? "root" : string.Create(CultureInfo.InvariantCulture, $"root or uid {euid} (this process)");
        return peerUserId is { } peer && peer != 0 && peer != euid ? string.Create(CultureInfo.InvariantCulture, $"{self} or uid {peer} (PeerUserId)") : self;
    }
}
