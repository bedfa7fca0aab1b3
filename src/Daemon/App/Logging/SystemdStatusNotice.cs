using System.Net.Sockets;

namespace UnixDatagram.Daemon;

/// <summary>
/// Sends one <c>STATUS=</c> to systemd's notify socket (<c>NOTIFY_SOCKET</c>, sd_notify(3)) without waiting: the
/// socket is non-blocking, so a manager whose queue is full costs the message, never the exit. systemd keeps the
/// last status of a unit until it starts again, so <c>systemctl status</c> still shows it after the stop.
/// </summary>
internal static class SystemdStatusNotice
{
    /// <summary>Sends <c>STATUS=<paramref name="status"/></c>; returns whether the datagram left (false without <c>NOTIFY_SOCKET</c>).</summary>
    public static bool TrySend(string status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var path = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
        if (string.IsNullOrEmpty(path))
        {
            return false;
        }

        // "@name" is in the abstract namespace, as sd_notify(3) reads it.
        var endPoint = new UnixDomainSocketEndPoint(path[0] == '@' ? "\0" + path[1..] : path);
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified) { Blocking = false };
            socket.SendTo(Encoding.UTF8.GetBytes("STATUS=" + status.ReplaceLineEndings(" ")), endPoint);
            return true;
        }
        catch (SocketException)
        {
            // The manager's queue is full, or it is gone: the exit status still tells.
            return false;
        }
    }
}
