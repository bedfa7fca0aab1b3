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
    /// <returns>
    /// <see cref="SendResult.Sent"/>, or under congestion <see cref="SendResult.Queued"/>, <see cref="SendResult.Congested"/>
    /// or <see cref="SendResult.Dropped"/> by policy; <see cref="SendResult.PeerUnavailable"/> when the peer is gone.
    /// With policy <c>Wait</c> the task completes when the kernel takes the datagram (or the token is cancelled).
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="target"/> is not a configured target.</exception>
    ValueTask<SendResult> SendAsync(string target, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default);
}
