namespace UnixDatagram.Hosting.Systemd;

/// <summary>One descriptor systemd passed (<c>LISTEN_FDS</c>), as found at start, before anything adopted it.</summary>
/// <param name="FileDescriptor">The descriptor number (3 for the first).</param>
/// <param name="Name">Its name from <c>LISTEN_FDNAMES</c> (the <c>.socket</c> unit's <c>FileDescriptorName=</c>), or <c>unknown</c>.</param>
/// <param name="IsDatagramSocket">Whether it is an <c>AF_UNIX</c> <c>SOCK_DGRAM</c> socket, the only kind an endpoint can adopt.</param>
/// <param name="Address">The address it is bound to (<c>getsockname</c>), for an <c>AF_UNIX</c> socket; otherwise unnamed.</param>
/// <param name="Description">What it is, for messages: "an AF_UNIX SOCK_STREAM socket bound to /run/x.sock", "not a socket (/dev/null)".</param>
internal sealed record PassedFileDescriptor(int FileDescriptor, string Name, bool IsDatagramSocket, UnixSocketAddress Address, string Description)
{
    /// <summary>Formats as <c>fd 3 'ingest' (an AF_UNIX SOCK_DGRAM socket bound to ...)</c>.</summary>
    /// <summary>Marks the descriptor close-on-exec (as <c>sd_listen_fds</c> does) and finds out what it is, without taking it.</summary>
    public static PassedFileDescriptor Inspect(int fd, string name)
    {
        var info = UnixSocketDescriptor.Inspect(fd, setCloseOnExec: true);
        return new PassedFileDescriptor(fd, name, info.IsUnixDatagramSocket, info.LocalAddress, info.Description);
    }

    public override string ToString() => $"fd {FileDescriptor} '{Name}' ({Description})";
}
