using UnixDatagram.Handlers.Internal;
using static UnixDatagram.Hosting.Endpoints.EndpointsLog;

namespace UnixDatagram.Hosting.Endpoints;

/// <summary>
/// How an endpoint's replies treat a peer whose receive queue is full: a reply waits for room at most
/// <c>ReplyTimeout</c>, not at all to a peer that lately cost such a wait (<see cref="NotReadingPeers"/>); each dropped
/// reply is counted (<see cref="EndpointStatistics.ReplyDropped"/>) and logged with its reason, rate-limited.
/// </summary>
internal sealed class EndpointReplyPolicy(DatagramEndpointOptions options, EndpointStatistics stats, ILogger logger, TimeProvider time, TimeSpan logInterval) : IReplyPolicy
{
    private readonly NotReadingPeers _notReading = new(time);
    private readonly RateLimiter _dropLog = new(time, logInterval);

    /// <inheritdoc />
    public TimeSpan ReplyTimeout => options.ReplyTimeout;

    /// <inheritdoc />
    public TimeProvider Time => time;

    /// <inheritdoc />
    public bool MayWait(UnixSocketAddress peer) => _notReading.MayWait(peer, options.ReplyTimeout);

    /// <inheritdoc />
    public void OnReplyDropped(UnixSocketAddress peer, UnixCredentials? credentials, int length, ReplyDropReason reason)
    {
        // Only a peer whose full queue cost (or would have cost) a wait makes later replies go without one.
        if (reason is ReplyDropReason.TimedOut or ReplyDropReason.NotWaiting)
        {
            _notReading.Add(peer);
        }

        stats.CountReplyDropped();
        if (_dropLog.TryAcquire(out var suppressed))
        {
            LogReplyDropped(logger, options.Name, length, peer.ToString(), UnixCredentials.Describe(credentials), DropText(peer, reason), suppressed);
        }
    }

    private string DropText(UnixSocketAddress peer, ReplyDropReason reason) => reason switch
    {
        ReplyDropReason.RelativePath => peer.UnanswerableReason!,
        ReplyDropReason.TimedOut => $"its receive queue stayed full for ReplyTimeout {options.ReplyTimeout} (a peer that does not read)",
        ReplyDropReason.AbstractName => "its receive queue was full, and a reply to an abstract name does not wait for room (the name could pass to another socket meanwhile)",
        ReplyDropReason.SenderGone => "the sender is gone (nothing receives at its address any more: it closed its socket or removed its socket file)",
        _ => options.ReplyTimeout > TimeSpan.Zero
            ? $"its receive queue was full, and replies do not wait for room for {NotReadingPeers.Pause(options.ReplyTimeout)} after one was dropped (ReplyTimeout {options.ReplyTimeout})"
            : "its receive queue was full, and ReplyTimeout is 0: replies do not wait for room",
    };
}
