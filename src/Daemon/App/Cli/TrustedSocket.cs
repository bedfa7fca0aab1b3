namespace UnixDatagram.Daemon;

/// <summary>
/// The rule the commands trust a socket file by before they send to it or believe what it answers: the forward
/// targets' rule (<see cref="UnixDatagramSocket.ConnectSecured"/>): every directory on the way only root or this user
/// may write (a root-owned sticky one such as <c>/tmp</c> included), and where another user may create names the
/// socket file must be root's, this user's or the directory's owner's, with one link.
/// </summary>
internal static class TrustedSocket
{
    /// <summary>
    /// Connects <paramref name="socket"/> to the socket file at <paramref name="path"/> (absolute) by that rule. A
    /// directory that root gave to another user (its parent root's and not writable by others, as systemd's
    /// <c>RuntimeDirectory=</c> and home directories are) makes that user the peer, trusted to own the socket.
    /// </summary>
    /// <exception cref="UnixSocketException">Nothing is there, or the kernel refused the connect.</exception>
    /// <exception cref="UnixDirectoryException">A directory on the way is unsafe.</exception>
    /// <exception cref="UnixFileException">The socket file is another user's (or a hard link, or another user's symbolic link).</exception>
    public static void Connect(UnixDatagramSocket socket, string path)
    {
        var parent = Path.GetDirectoryName(path) ?? "/";
        uint? peer = null;
        try
        {
            peer = UnixDirectory.SecureOwner(parent, UnixDirectoryTrust.PrivateOrAssignedByRoot);
        }
        catch (UnixDirectoryException)
        {
            // Not given to one user: the shared rule alone, which the connect checks.
        }

        socket.ConnectSecured(UnixSocketAddress.FromPath(path), peer);
    }

    /// <summary>What to do about a refused socket file, for the end of the error line.</summary>
    public const string Remedy = "To use it, give the service that binds it a directory only root or that service's user may write (for dgramd: Daemon:SocketDirectory or Daemon:ControlPath, or systemd's RuntimeDirectory=), or have root or this user bind it.";
}
