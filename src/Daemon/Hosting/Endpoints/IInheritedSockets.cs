namespace UnixDatagram.Hosting.Endpoints;

/// <summary>Sockets handed to the process by its service manager (systemd socket activation).</summary>
internal interface IInheritedSockets
{
    /// <summary>Takes the socket passed under <paramref name="fileDescriptorName"/> (<c>LISTEN_FDNAMES</c>), or under that name with <c>.socket</c> appended; <paramref name="passedName"/> is the name it was passed under.</summary>
    bool TryTakeByName(string fileDescriptorName, [MaybeNullWhen(false)] out UnixDatagramSocket socket, out string? passedName);

    /// <summary>Takes the socket passed already bound to <paramref name="path"/> (a path, or <c>@name</c>).</summary>
    bool TryTakeByPath(string path, [MaybeNullWhen(false)] out UnixDatagramSocket socket);

    /// <summary>The sockets passed and not taken, by number, name and bound address, for an error message.</summary>
    string DescribeUntaken();
}
