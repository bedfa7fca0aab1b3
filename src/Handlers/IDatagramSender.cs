namespace UnixDatagram.Handlers;

/// <summary>
/// Sends datagrams to the named targets of the configuration (<c>Daemon:Targets</c>), each over its own connected
/// socket, following the target's <c>WhenCongested</c> policy.
/// </summary>
public interface IDatagramSender
{
    /// <summary>The configured target names.</summary>
    IReadOnlyCollection<string> TargetNames { get; }

    /// <summary>Sends one datagram to <paramref name="target"/>.</summary>
    /// <remarks>
    /// <paramref name="payload"/> is borrowed: it may be a received datagram's buffer, which the daemon reuses once the
    /// caller's handler completes. An implementation that keeps the payload past the returned task (to queue it while
    /// the target is congested, <see cref="SendResult.Queued"/>) must copy it first. With policy <c>Wait</c> and a full
    /// queue, the caller's task is still pending, so the daemon's sender keeps a reference instead of a copy: the
    /// payload must not change until the returned task completes.
    /// </remarks>
    /// <param name="target">A configured target name (see <see cref="TargetNames"/>).</param>
    /// <param name="payload">The datagram; borrowed, see the remarks.</param>
    /// <param name="cancellationToken">Cancels a wait through congestion.</param>
    /// <returns>
    /// <see cref="SendResult.Sent"/>, or under congestion <see cref="SendResult.Queued"/>, <see cref="SendResult.Congested"/>
    /// or <see cref="SendResult.Dropped"/> by policy; <see cref="SendResult.PeerUnavailable"/> when the peer is gone.
    /// With policy <c>Wait</c> the task completes when the kernel takes the datagram (or the token is cancelled).
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="target"/> is not a configured target.</exception>
    ValueTask<SendResult> SendAsync(string target, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default);
}
