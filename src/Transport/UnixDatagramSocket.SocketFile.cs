using UnixDatagram.Transport.Internal;
using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport;

/// <content>The socket file at a bound socket's path, as senders meet it.</content>
public sealed partial class UnixDatagramSocket
{
    /// <summary>
    /// Looks at the file at this socket's bound path without following a symbolic link (<c>lstat(2)</c>), and asks the
    /// kernel whether it is this socket: for a socket adopted from systemd, whose file someone else created and may
    /// have changed, replaced or removed since.
    /// </summary>
    /// <returns>The file's mode, owner and identity; null when the socket has no path (abstract, unnamed) or nothing is at the path.</returns>
    /// <exception cref="UnixSocketException">The file cannot be looked at (<c>EACCES</c> on a directory of the path, ...).</exception>
    public unsafe UnixSocketFileStatus? GetSocketFileStatus()
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        var address = LocalAddress;
        if (address.Kind != UnixAddressKind.Path)
        {
            return null;
        }

        var path = address.Value;
        Statx st;
        if (FileCalls.StatX(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_TYPE | Libc.STATX_MODE | Libc.STATX_UID | Libc.STATX_GID | Libc.STATX_INO, &st) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == Errno.ENOENT ? null : throw SocketErrors.Other(errno, "statx", path);
        }

        var file = new FileIdentity(path, st.DevMajor, st.DevMinor, st.Inode, st.Mode);
        var isThisSocket = file.IsSocket ? BoundFileQuery.IsBoundTo(_handle, file) : false;
        return new UnixSocketFileStatus(path, (UnixFileMode)(st.Mode & 0xFFF), st.Uid, st.Gid, FileKind.Describe(st.Mode), isThisSocket);
    }
}
