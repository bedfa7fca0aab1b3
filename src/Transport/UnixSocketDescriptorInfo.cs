namespace UnixDatagram.Transport;

/// <summary>What a file descriptor received from elsewhere turned out to be (<see cref="UnixSocketDescriptor.Inspect"/>).</summary>
/// <param name="FileDescriptor">The descriptor.</param>
/// <param name="IsUnixDatagramSocket">Whether <see cref="UnixDatagramSocket.FromFileDescriptor"/> would adopt it.</param>
/// <param name="LocalAddress">The address it is bound to, for an AF_UNIX socket; unnamed otherwise.</param>
/// <param name="Description">For messages: <c>an AF_UNIX SOCK_STREAM socket bound to /run/web.sock</c>, <c>not an open file descriptor</c>, ...</param>
public readonly record struct UnixSocketDescriptorInfo(int FileDescriptor, bool IsUnixDatagramSocket, UnixSocketAddress LocalAddress, string Description);
