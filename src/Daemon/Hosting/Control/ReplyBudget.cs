namespace UnixDatagram.Hosting.Control;

/// <summary>
/// Each requesting uid's share of the control socket's send buffer. An AF_UNIX datagram stays charged to its sender
/// until its receiver reads it (<see cref="UnixDatagramSocket.UnreadSentBytes"/>), so without shares one allowed uid
/// whose sockets ask and never read would fill the buffer, and every other requester's reply would be refused
/// (<c>EAGAIN</c>). Root and the daemon's own uid are never held back by this, and the others together may never
/// take the room kept for them; each other uid may hold <see cref="ReplySendBuffer.RepliesInFlight"/> unread replies,
/// and the send buffer is raised to hold that many for each (<see cref="ReplySendBuffer.Fit"/>).
/// </summary>
/// <remarks>
/// The kernel tells how much is unread in all, not whose. A uid's replies count as unread until one of these shows
/// they cannot all be: nothing is unread at all; all that is unread is less than they would take (each unread reply
/// holds at least its own length of the send buffer, so a uid with replies of at least L bytes has at most
/// unread / L of them unread: the oldest beyond that are read); or, for a requester bound to an abstract name, no
/// socket holds that name any more (its queue went with it: <see cref="UnixSocketFile.IsHeld"/>). None of these can
/// count an unread reply as read, so a uid that does not read never gets more than its share. Not thread-safe: the
/// caller serializes.
/// </remarks>
internal sealed class ReplyBudget(IEnumerable<uint> otherUserIds)
{
    /// <summary>Per uid with a share, the requesters of its replies not known to be read, one entry per reply.</summary>
    private readonly Dictionary<uint, List<(UnixSocketAddress Requester, int Length)>> _unread = [];

    /// <summary>The uids that get a share: the allowed ones other than root and this process's.</summary>
    private readonly HashSet<uint> _shared = [.. otherUserIds.Where(uid => uid != 0 && uid != UnixProcess.EffectiveUserId)];

    /// <summary>Shares of the send buffer: one per other allowed uid, and one kept for root and this process's uid.</summary>
    public int Shares => _shared.Count + 1;

    /// <summary>
    /// What a reply of <paramref name="length"/> bytes costs in the send buffer, at most: the kernel allocates the
    /// payload rounded up to a power of two (or pages), plus its buffer head and shared info (<c>SKB_TRUESIZE</c>).
    /// </summary>
    public static long Charge(int length) => (2L * length) + 1024;

    /// <summary>One uid's share: <see cref="ReplySendBuffer.RepliesInFlight"/> replies of <paramref name="length"/> bytes.</summary>
    public static long Share(int length) => ReplySendBuffer.RepliesInFlight * Charge(length);

    /// <summary>Whether a reply of <paramref name="length"/> bytes may be sent to <paramref name="userId"/> now.</summary>
    /// <returns>Null when it may; otherwise why not, in words for warning 1202.</returns>
    public string? Admit(UnixDatagramSocket socket, uint userId, int length)
    {
        if (!_shared.Contains(userId))
        {
            return null;
        }

        var unread = socket.UnreadSentBytes;
        if (unread == 0)
        {
            _unread.Clear();
        }

        if (_unread.TryGetValue(userId, out var replies) && replies.Count >= ReplySendBuffer.RepliesInFlight)
        {
            // All that is unread holds at most this many of this uid's replies: the oldest beyond it have been read.
            var atMost = unread / replies.Min(r => r.Length);
            if (replies.Count > atMost)
            {
                replies.RemoveRange(0, replies.Count - (int)atMost);
            }

            // Abstract names that no socket holds any longer took their unread replies with them.
            replies.RemoveAll(r => r.Requester.Kind == UnixAddressKind.Abstract && !UnixSocketFile.IsHeld(r.Requester));
            if (replies.Count >= ReplySendBuffer.RepliesInFlight)
            {
                return string.Create(CultureInfo.InvariantCulture, $"uid {userId} already has {replies.Count} replies not read yet, its share of the control socket's send buffer: its requesters do not read their replies, or have not yet");
            }
        }

        // The kernel counts what is unread exactly, if not whose: what the shares cannot hold back (a send buffer the
        // kernel would not raise far enough) still leaves root and this process's uid their room.
        var sendBuffer = socket.SendBufferSize;
        var kept = Math.Min(Share(length), sendBuffer / 2);
        if (unread + length + UnixDatagramSocket.SendBufferOverhead > sendBuffer - kept)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the control socket's send buffer ({sendBuffer} bytes) holds {unread} bytes of replies not read yet, and the last {kept} are kept for root and uid {UnixProcess.EffectiveUserId}");
        }

        return null;
    }

    /// <summary>Counts a reply of <paramref name="length"/> bytes sent to <paramref name="requester"/> as unread.</summary>
    public void Sent(uint userId, UnixSocketAddress requester, int length)
    {
        if (!_shared.Contains(userId))
        {
            return;
        }

        if (!_unread.TryGetValue(userId, out var replies))
        {
            _unread[userId] = replies = [];
        }

        replies.Add((requester, length));
    }
}
