namespace UnixDatagram.Hosting.Sending;

/// <summary>A consistent view of one send target, taken under its lock, for health checks and diagnostics.</summary>
/// <param name="State">Connected, congested or disconnected.</param>
/// <param name="CongestedSince">When the current congestion began; null unless <see cref="TargetState.Congested"/>.</param>
/// <param name="DisconnectedSince">When the peer was lost (or the target started without it); null unless <see cref="TargetState.Disconnected"/>.</param>
/// <param name="QueueLength">Datagrams waiting to be sent, in order (those holding a copy plus those still borrowing their caller's buffer).</param>
/// <param name="WaitingForRoom">Of <paramref name="QueueLength"/>, the sends (policy Wait) that found the queue full and borrow their caller's buffer.</param>
/// <param name="LastError">Why the last connect or send to the peer failed; null while connected.</param>
/// <param name="NextReconnect">When the next reconnect attempt is due; null unless disconnected.</param>
internal readonly record struct TargetSnapshot(
    TargetState State,
    DateTimeOffset? CongestedSince,
    DateTimeOffset? DisconnectedSince,
    int QueueLength,
    int WaitingForRoom,
    string? LastError,
    DateTimeOffset? NextReconnect);
