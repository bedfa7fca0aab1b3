using UnixDatagram.Hosting.Sending;

namespace UnixDatagram.Hosting.Health;

/// <summary>
/// One send target's health: Healthy while writable; Degraded while congested; Unhealthy once congested for
/// <see cref="DatagramTargetOptions.UnhealthyAfter"/> (by the injected <see cref="TimeProvider"/>) or while the peer is
/// gone. The result's data carries the state, the queue and the target's counters. A change of status is logged once.
/// </summary>
/// <remarks>One instance per target for the life of the host (see <see cref="TargetHealthChecks"/>), so it remembers the last status.</remarks>
internal sealed class TargetHealthCheck(SendTarget target, TimeProvider time, ILogger logger) : IHealthCheck
{
    private int _lastStatus = (int)HealthStatus.Healthy;

    /// <summary>The target this check watches.</summary>
    public SendTarget Target => target;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = target.Snapshot();
        var now = time.GetUtcNow();
        var (status, description) = Evaluate(snapshot, now);
        var previous = (HealthStatus)Interlocked.Exchange(ref _lastStatus, (int)status);
        if (previous != status)
        {
            var level = status == HealthStatus.Healthy ? LogLevel.Information : LogLevel.Warning;
            HealthLog.LogStatusChanged(logger, level, target.Name, previous, status, description);
        }

        return Task.FromResult(new HealthCheckResult(status, description, data: Data(snapshot, now)));
    }

    private (HealthStatus Status, string Description) Evaluate(TargetSnapshot snapshot, DateTimeOffset now)
    {
        var name = target.Name;
        switch (snapshot.State)
        {
            case TargetState.Connected:
                return (HealthStatus.Healthy, $"Target '{name}' is writable.");

            case TargetState.Congested:
                var congestedFor = now - snapshot.CongestedSince!.Value;
                return congestedFor >= target.UnhealthyAfter
                    ? (HealthStatus.Unhealthy, $"Target '{name}' has been congested for {congestedFor} (UnhealthyAfter {target.UnhealthyAfter}): the peer at {target.Address} is not reading; {snapshot.QueueLength} queued.")
                    : (HealthStatus.Degraded, $"Target '{name}' has been congested for {congestedFor}: the peer at {target.Address} is not reading fast enough; {snapshot.QueueLength} queued.");

            default:
                return (HealthStatus.Unhealthy, $"Target '{name}' is disconnected: {snapshot.LastError ?? "not connected yet"}; reconnecting with back-off.");
        }
    }

    private Dictionary<string, object> Data(TargetSnapshot snapshot, DateTimeOffset now)
    {
        var s = target.Statistics;
        var data = new Dictionary<string, object>
        {
            ["state"] = snapshot.State.ToString(),
            ["path"] = target.Address.ToString(),
            ["policy"] = target.Policy.ToString(),
            ["queueLength"] = snapshot.QueueLength,
            ["waitingForRoom"] = snapshot.WaitingForRoom,
            ["queueCapacity"] = target.QueueCapacity,
            ["sent"] = s.Sent,
            ["bytes"] = s.Bytes,
            ["queued"] = s.Queued,
            ["dropped"] = s.Dropped,
            ["congestionEvents"] = s.CongestionEvents,
            ["peerUnavailable"] = s.PeerUnavailable,
            ["failed"] = s.Failed,
        };

        if (snapshot.CongestedSince is { } since)
        {
            data["congestedSince"] = since;
            data["congestedFor"] = now - since;
        }

        if (snapshot.DisconnectedSince is { } lost)
        {
            data["disconnectedSince"] = lost;
        }

        if (snapshot.NextReconnect is { } next)
        {
            data["nextReconnect"] = next;
        }

        if (snapshot.LastError is { } error)
        {
            data["lastError"] = error;
        }

        return data;
    }
}
