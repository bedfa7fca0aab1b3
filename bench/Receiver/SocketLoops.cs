using System.Net.Sockets;

namespace UnixDatagram.Bench;

/// <summary>The plain <see cref="Socket"/> receive loops: what an application gets without our transport.</summary>
/// <remarks>
/// Both pass <see cref="SocketFlags.Truncated"/>, which .NET hands to <c>recvmsg</c> as <c>MSG_TRUNC</c>: the call then
/// returns a datagram's real length, so one longer than the buffer fails the size check instead of passing cut
/// (the C recv loop does the same). It costs nothing: same system call, one more flag bit.
/// </remarks>
internal static class SocketLoops
{
    /// <summary>
    /// One blocking <see cref="Socket.Receive(Span{byte}, SocketFlags)"/> (a <c>recvmsg</c> system call) per datagram.
    /// </summary>
    public static void Receive(string path, MeasurementWindow window)
    {
        using var socket = Bind(path);
        Span<byte> buffer = new byte[window.BufferSize];
        while (!window.Count(socket.Receive(buffer, SocketFlags.Truncated)))
        {
        }
    }

    /// <summary>
    /// One <c>await</c> <see cref="Socket.ReceiveAsync(Memory{byte}, SocketFlags, CancellationToken)"/> per datagram:
    /// completes synchronously while datagrams are queued, otherwise waits on the runtime's epoll thread and
    /// continues on the thread pool.
    /// </summary>
    public static async Task ReceiveAsync(string path, MeasurementWindow window)
    {
        using var socket = Bind(path);
        Memory<byte> buffer = new byte[window.BufferSize];
        while (!window.Count(await socket.ReceiveAsync(buffer, SocketFlags.Truncated).ConfigureAwait(false)))
        {
        }
    }

    private static Socket Bind(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
