using System.Diagnostics.CodeAnalysis;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting;

/// <summary>Sockets handed to the process by its service manager (systemd socket activation).</summary>
internal interface IInheritedSockets
{
    /// <summary>Takes the socket passed under <paramref name="fileDescriptorName"/> (<c>LISTEN_FDNAMES</c>).</summary>
    bool TryTakeByName(string fileDescriptorName, [MaybeNullWhen(false)] out UnixDatagramSocket socket);

    /// <summary>Takes the socket passed already bound to <paramref name="path"/> (a path, or <c>@name</c>).</summary>
    bool TryTakeByPath(string path, [MaybeNullWhen(false)] out UnixDatagramSocket socket);

    /// <summary>The sockets passed and not taken, by number, name and bound address, for an error message.</summary>
    string DescribeUntaken();
}
