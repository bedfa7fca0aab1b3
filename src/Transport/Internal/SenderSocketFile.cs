using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport.Internal;

/// <summary>
/// The socket file a received datagram's sender bound, opened so that a reply reaches that file and no other.
/// </summary>
/// <remarks>
/// The kernel resolves a path at every <c>sendto(2)</c>, following symbolic links. A sender that owns the directory it
/// bound in can, once it has sent, put a symbolic link (or a hard link, or another directory) where its socket was;
/// a reply sent to the path would then carry the replier's credentials to any socket the replier may write to (a
/// confused deputy). So the path is opened with <c>O_PATH | O_NOFOLLOW</c>, must be a socket, and must belong to the
/// sender's uid as the kernel reported it (a root sender is not checked here: it could send there itself), and
/// the reply goes to the opened file through <c>/proc/self/fd</c>, which no later change at the path can redirect.
/// </remarks>
internal static class SenderSocketFile
{
    /// <summary>Opens the socket file at <paramref name="sender"/> (a path) if it may be answered.</summary>
    /// <returns>An <c>O_PATH</c> descriptor of the file, for the caller to close.</returns>
    /// <exception cref="UnixSocketException">
    /// The file is gone (<see cref="UnixSocketException.IsPeerGone"/>), or the reply is refused (<c>EPERM</c>): the
    /// sender's credentials are unknown, the path holds no socket, or its socket belongs to another uid.
    /// </exception>
    public static unsafe int Open(UnixSocketAddress sender, UnixCredentials? credentials, int size)
    {
        if (credentials is not { } sent)
        {
            throw Refused(sender, "the sender's credentials are unknown (the socket had no SO_PASSCRED when it was sent), so the owner of its socket file cannot be checked against them");
        }

        var name = sender.NameBytes;
        Span<byte> path = stackalloc byte[UnixSocketAddress.MaxPathBytes + 1];
        name.CopyTo(path);
        path[name.Length] = 0;
        int fd;
        fixed (byte* p = path)
        {
            fd = FileCalls.Open(p, Libc.O_PATH | Libc.O_NOFOLLOW | Libc.O_CLOEXEC);
        }

        if (fd < 0)
        {
            throw SocketErrors.Send(Marshal.GetLastPInvokeError(), sender, size, 0);
        }

        Statx st;
        if (FileCalls.StatX(fd, string.Empty, Libc.AT_EMPTY_PATH | Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_TYPE | Libc.STATX_UID, &st) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            SocketCalls.Close(fd);
            throw SocketErrors.Other(errno, "statx", sender.ToString());
        }

        string? refusal = (st.Mode & Libc.S_IFMT) switch
        {
            Libc.S_IFSOCK when st.Uid == sent.UserId => null,
            Libc.S_IFSOCK => $"the socket file there belongs to uid {st.Uid}, not to the sender's uid {sent.UserId}: the path no longer names the socket the datagram came from",
            Libc.S_IFLNK => "the path is now a symbolic link, not the socket the datagram came from",
            _ => "the path no longer holds a socket",
        };
        if (refusal is not null)
        {
            SocketCalls.Close(fd);
            throw Refused(sender, refusal);
        }

        return fd;
    }

    /// <summary>A reply to <paramref name="sender"/> refused for <paramref name="reason"/>: <c>EPERM</c>, the reason in the message.</summary>
    public static UnixSocketException Refused(UnixSocketAddress sender, string reason)
    {
        var address = sender.ToString();
        return new(Errno.EPERM, "send", address, $"reply to '{address}' refused: {reason}.");
    }
}
