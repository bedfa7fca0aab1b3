namespace UnixDatagram.Transport;

/// <summary>
/// Permissions and ownership for the socket file a path bind creates
/// (<see cref="UnixDatagramSocket.Bind(UnixSocketAddress, UnixSocketFileOptions?)"/>).
/// </summary>
/// <remarks>
/// The socket is bound at the path itself, so peers know it by that path (a socket bound under a temporary name and
/// renamed would keep the temporary name as its address). With <see cref="Mode"/> set, no one the final mode and
/// owner leave out can connect at any moment: before the bind the socket's inode gets the mode (the file is created
/// with it, less the umask), without the owner's or group's bits when those are about to change; after the bind,
/// owner and then the exact mode are set on the file through a descriptor that never follows a symbolic link.
/// Without <see cref="Mode"/>, the file has the umask's mode and this process's ownership until the <c>chown</c>.
/// Needs <c>/proc</c>. Ignored for abstract names, which have no file.
/// </remarks>
public sealed class UnixSocketFileOptions
{
    /// <summary>
    /// The exact file mode, regardless of the umask, such as <c>UserRead | UserWrite | GroupWrite</c> (0620).
    /// Sending to or connecting to the socket needs write permission. Default: null (the umask decides).
    /// </summary>
    public UnixFileMode? Mode { get; set; }

    /// <summary>The owning user id; changing it needs <c>CAP_CHOWN</c>. Default: null (the process's).</summary>
    public uint? UserId { get; set; }

    /// <summary>The owning group id: the process's own groups, or any with <c>CAP_CHOWN</c>. Default: null (the process's).</summary>
    public uint? GroupId { get; set; }

    internal bool IsEmpty => Mode is null && UserId is null && GroupId is null;
}
