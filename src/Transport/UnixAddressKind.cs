namespace UnixDatagram.Transport;

/// <summary>What a UNIX socket address names.</summary>
public enum UnixAddressKind
{
    /// <summary>No name: the socket was never bound. Nothing can be sent to it.</summary>
    Unnamed,
    /// <summary>A path in the file system, such as <c>/run/app/ingest.sock</c>.</summary>
    Path,
    /// <summary>A name in the Linux abstract namespace, written <c>@name</c>; it has no file and vanishes with the socket.</summary>
    Abstract,
}
