namespace UnixDatagram.Transport;

/// <summary>
/// Permissions and ownership for the socket file a path bind creates. When any is set, the socket is bound under a
/// temporary name in the same directory, given its mode and owner, then renamed onto the path, so no client ever
/// sees the file with the wrong permissions.
/// </summary>
public sealed class UnixSocketFileOptions
{
    /// <summary>The file mode, such as <c>UserRead | UserWrite | GroupWrite</c> (0620). Connecting or sending needs write permission. Default: null (umask decides).</summary>
    public UnixFileMode? Mode { get; set; }

    /// <summary>The owning user id. Default: null (the process's).</summary>
    public uint? UserId { get; set; }

    /// <summary>The owning group id. Default: null (the process's).</summary>
    public uint? GroupId { get; set; }

    internal bool IsEmpty => Mode is null && UserId is null && GroupId is null;
}
