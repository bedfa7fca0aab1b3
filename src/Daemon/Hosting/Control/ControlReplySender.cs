using static UnixDatagram.Hosting.Control.ControlLog;
using UnixDatagram.Hosting.Diagnostics;

namespace UnixDatagram.Hosting.Control;

/// <summary>Sends the control socket's replies, each to the socket its request came from; a reply not sent is counted and logged (event 1202).</summary>
internal sealed class ControlReplySender(UnixDatagramSocket socket, ReplyBudget budget, ControlStatistics control, TimeProvider time, ILogger logger)
{
    private readonly Dictionary<uint, RateLimiter> _droppedLogs = [];

    /// <summary>
    /// Sends without waiting: a requester whose queue is full loses this reply, and the others are not held up. The
    /// reply goes only to the socket the request came from (<see cref="UnixDatagramSocket.ReplyTo"/>), as one datagram,
    /// so the send buffer is raised to fit it first (<see cref="ReplySendBuffer"/>); a reply larger than the kernel lets
    /// this socket send is replaced by an error reply that says so. A uid whose replies already fill its share of the
    /// send buffer (<see cref="ReplyBudget"/>) is not sent another.
    /// </summary>
    public void Send(string request, byte[] reply, UnixSocketAddress requester, UnixCredentials credentials)
    {
        // An unknown request is the requester's own text: never logged.
        request = request is "health" or "stats" or "reload" ? request : "unknown";
        string? reason;
        lock (budget)
        {
            try
            {
                if (ReplySendBuffer.Fit(socket, reply.Length, budget.Shares) is { } tooLarge)
                {
                    reason = $"the {request} reply of {reply.Length} bytes is larger than the control socket can send: {tooLarge}; the requester was sent an error instead";
                    socket.ReplyTo(ControlReplies.Error($"the {request} reply of {reply.Length} bytes is too large for one datagram: {tooLarge}"), requester, credentials);
                }
                else if ((reason = budget.Admit(socket, credentials.UserId, reply.Length)) is not null)
                {
                    // Not sent: this uid's requesters hold their share unread.
                }
                else if (socket.ReplyTo(reply, requester, credentials) == SendStatus.Sent)
                {
                    budget.Sent(credentials.UserId, requester, reply.Length);
                    control.CountAnswered();
                    return;
                }
                else
                {
                    reason = "its queue is full, or this socket's send buffer still holds replies not read yet (root's or this daemon's own requesters that do not read their replies)";
                }
            }
            catch (UnixSocketException ex)
            {
                reason = ex.Message;
            }
        }

        var count = control.CountReplyDropped();
        if (DroppedLog(credentials.UserId).TryAcquire(out _))
        {
            LogReplyDropped(logger, credentials.UserId, credentials.ProcessId, requester.ToString(), request, reason, count);
        }
    }

    /// <summary>Warning 1202's rate limit, one per uid, so that one uid's drops do not hide another's (the uids are the allowed ones: few).</summary>
    private RateLimiter DroppedLog(uint userId)
    {
        lock (_droppedLogs)
        {
            if (!_droppedLogs.TryGetValue(userId, out var limiter))
            {
                _droppedLogs[userId] = limiter = new RateLimiter(time, ControlEndpointService.LogInterval);
            }

            return limiter;
        }
    }
}
