using UnixDatagram.Transport;

namespace UnixDatagram.TestSupport;

/// <summary>Sockets set up the way most tests start: one line instead of two in the arrange step.</summary>
public static class TestSockets
{
    /// <summary>A new socket bound to <paramref name="path"/> (or <c>@name</c>); the caller disposes it (which removes the file).</summary>
    public static UnixDatagramSocket Bound(string path) => Bound(UnixSocketAddress.Parse(path));

    /// <summary>A new socket bound to <paramref name="address"/>; the caller disposes it (which removes a socket file).</summary>
    public static UnixDatagramSocket Bound(UnixSocketAddress address)
    {
        var socket = new UnixDatagramSocket();
        try
        {
            socket.Bind(address);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A new socket connected to <paramref name="path"/>; the caller disposes it.</summary>
    public static UnixDatagramSocket Connected(string path)
    {
        var socket = new UnixDatagramSocket();
        try
        {
            socket.Connect(path);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Binds a socket at <paramref name="path"/> and closes it without removing the file: a stale socket file, as a
    /// process that died leaves it (the name exists, nothing receives), and no child process holds it (see
    /// <see cref="ForkGate"/>).
    /// </summary>
    public static void LeaveStale(string path)
    {
        var gone = new UnixDatagramSocket { DeleteSocketFileOnClose = false };
        try
        {
            gone.Bind(path);
        }
        finally
        {
            ForkGate.Close(gone);
        }
    }

    /// <summary>
    /// Sends the numbers from <paramref name="from"/> up to (not including) <paramref name="until"/>, each as its 4 bytes
    /// (<see cref="BitConverter.GetBytes(int)"/>), one send at a time, each waiting through congestion within
    /// <see cref="TestWait.Timeout"/>.
    /// </summary>
    public static async Task SendNumbersAsync(UnixDatagramSocket client, int from, int until)
    {
        for (var i = from; i < until; i++)
        {
            await client.SendAsync(BitConverter.GetBytes(i)).Within();
        }
    }
}
