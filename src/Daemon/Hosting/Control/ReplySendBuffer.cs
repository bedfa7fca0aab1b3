namespace UnixDatagram.Hosting.Control;

/// <summary>
/// Sizes the control socket's send buffer to its replies. A reply is one datagram, and an AF_UNIX datagram may be at
/// most <c>SO_SNDBUF</c> less 32 bytes (<see cref="UnixDatagramSocket.SendBufferOverhead"/>), so the kernel's default
/// (<c>net.core.wmem_default</c>, 212992 bytes) refuses the health or stats reply of a daemon with a few hundred
/// endpoints (<c>EMSGSIZE</c>).
/// </summary>
internal static class ReplySendBuffer
{
    /// <summary>
    /// Replies a buffer has room for, per share (<see cref="ReplyBudget"/>): a reply stays charged to this socket's send
    /// buffer until its requester reads it, so room for one only would let one requester that does not read hold up
    /// the others' replies.
    /// </summary>
    internal const int RepliesInFlight = 4;

    /// <summary>
    /// Raises the send buffer for a reply of <paramref name="length"/> bytes: to a share of
    /// <see cref="ReplyBudget.Share"/> for each of <paramref name="shares"/> (each allowed uid besides root and this
    /// process's, and one for those two), as far as the kernel allows.
    /// </summary>
    /// <returns>Null when the reply can be sent; otherwise why not, naming the limit and how to raise it.</returns>
    public static string? Fit(UnixDatagramSocket socket, int length, int shares)
    {
        var needed = (long)length + UnixDatagramSocket.SendBufferOverhead;
        var wanted = Math.Max(needed * RepliesInFlight, ReplyBudget.Share(length) * shares);
        var sendBuffer = socket.RaiseSendBufferSize((int)Math.Min(wanted, int.MaxValue));
        if (sendBuffer >= needed)
        {
            return null;
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"a datagram may be at most SO_SNDBUF less {UnixDatagramSocket.SendBufferOverhead} bytes, and SO_SNDBUF reached {sendBuffer} bytes (twice net.core.wmem_max; beyond it needs CAP_NET_ADMIN); set net.core.wmem_max to at least {(needed + 1) / 2} (sysctl -w net.core.wmem_max={(needed * RepliesInFlight + 1) / 2}) and ask again");
    }
}
