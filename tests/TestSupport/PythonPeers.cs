namespace UnixDatagram.TestSupport;

/// <summary>Small Python clients: the standard <c>socket</c> module, nothing of ours.</summary>
public static class PythonPeers
{
    /// <summary>argv: path, hex payload. Sends from an unbound socket.</summary>
    public const string SendUnbound = """
        import socket, sys
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.sendto(bytes.fromhex(sys.argv[2]), sys.argv[1])
        """;

    /// <summary>argv: path, hex payload, own path. Sends from a socket bound to its own path, then removes it.</summary>
    public const string SendBound = """
        import os, socket, sys
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.bind(sys.argv[3])
        s.sendto(bytes.fromhex(sys.argv[2]), sys.argv[1])
        s.close()
        os.unlink(sys.argv[3])
        """;

    /// <summary>argv: path. Binds a socket there and exits without removing it: a stale socket file.</summary>
    public const string LeaveStaleSocket = """
        import socket, sys
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.bind(sys.argv[1])
        """;

    /// <summary>Python that binds <c>s</c> to argv[1] (a path, or <c>@name</c> for an abstract name) and prints "bound".</summary>
    private const string BoundPeer = """
        import socket, sys
        a = sys.argv[1]
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.bind("\0" + a[1:] if a.startswith("@") else a)
        print("bound", flush=True)
        """;

    /// <summary>
    /// Starts a Python peer with a socket <c>s</c> bound at <paramref name="address"/> (a path, or <c>@name</c> for an
    /// abstract name), waits until it is bound, and lets it run <paramref name="then"/> (Python, top level).
    /// </summary>
    public static async Task<ChildProcess> StartBoundAsync(string address, string then)
    {
        var peer = ChildProcess.Start(ExternalProcess.Python, ["-c", BoundPeer + "\n" + then, address]);
        try
        {
            await peer.WaitForLineAsync("bound");
            return peer;
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
    }
}
