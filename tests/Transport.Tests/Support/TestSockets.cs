namespace UnixDatagram.Transport.Tests;

/// <summary>Sockets set up the way most tests start: one line instead of two in the arrange step.</summary>
internal static class TestSockets
{
    /// <summary>A new socket bound to <paramref name="path"/>; the caller disposes it (which removes the file).</summary>
    public static UnixDatagramSocket Bound(string path)
    {
        var socket = new UnixDatagramSocket();
        try
        {
            socket.Bind(path);
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
    /// process that died leaves it (the name exists, nothing receives).
    /// </summary>
    public static void LeaveStale(string path)
    {
        using var gone = new UnixDatagramSocket { DeleteSocketFileOnClose = false };
        gone.Bind(path);
    }

    /// <summary>
    /// Sends the numbers <paramref name="from"/> up to (not including) <paramref name="from"/> + <paramref name="count"/>,
    /// each as its 4 bytes (<see cref="BitConverter.GetBytes(int)"/>), one send at a time, each waiting through
    /// congestion within <see cref="TestWait.Timeout"/>.
    /// </summary>
    public static async Task SendNumbersAsync(UnixDatagramSocket client, int count, int from = 0)
    {
        for (var i = from; i < from + count; i++)
        {
            await client.SendAsync(BitConverter.GetBytes(i)).Within();
        }
    }
}
