using UnixDatagram.Hosting.Diagnostics;

namespace UnixDatagram.Hosting.Health;

/// <summary>
/// One endpoint's health: Unhealthy when it is not bound, its socket file is gone or replaced, or a handler has run
/// on past <c>HandlerTimeout</c> plus <c>StallTimeout</c> ignoring its cancellation (stalled: the watchdog then stops
/// and systemd restarts the daemon); Degraded while a handler overruns its timeout, when its queue is full, or when
/// it dropped, truncated or rejected datagrams, dropped replies, or had handlers time out or overrun in the last
/// minute; Healthy otherwise.
/// </summary>
internal sealed class EndpointHealthCheck(string endpointName, DatagramListenerService listener) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var endpoint = listener.Endpoints.FirstOrDefault(e => string.Equals(e.Name, endpointName, StringComparison.Ordinal));
        if (endpoint is null)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"Endpoint '{endpointName}' is not bound."));
        }

        var (overrunning, longestOverrun) = endpoint.CheckOverruns();
        var s = endpoint.Statistics;
        var data = new Dictionary<string, object>
        {
            ["address"] = endpoint.Socket.IsClosed ? "(closed)" : endpoint.Socket.LocalAddress.ToString(),
            ["received"] = s.Received,
            ["handled"] = s.Handled,
            ["failed"] = s.Failed,
            ["timedOut"] = s.TimedOut,
            ["dropped"] = s.Dropped,
            ["truncated"] = s.Truncated,
            ["rejected"] = s.Rejected,
            ["replyDropped"] = s.ReplyDropped,
            ["suppressed"] = s.Suppressed,
            ["overruns"] = s.Overruns,
            ["overrunning"] = overrunning,

            ["selfSent"] = s.SelfSent,
            ["inFlight"] = endpoint.InFlight,
            ["queueCapacity"] = endpoint.Options.QueueCapacity,
        };

        if (endpoint.Socket.IsClosed)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"Endpoint '{endpointName}' is closed.", data: data));
        }

        if (!endpoint.Socket.IsSocketFileIntact)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"Endpoint '{endpointName}': its socket file is gone or was replaced; clients cannot reach it.", data: data));
        }

        var options = endpoint.Options;
        if (overrunning > 0 && longestOverrun >= options.StallTimeout)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"Endpoint '{endpointName}' is stalled: a handler has run {longestOverrun.TotalSeconds:F0} s past its HandlerTimeout of {options.HandlerTimeout}, ignoring its cancellation (StallTimeout {options.StallTimeout}).", data: data));
        }

        if (overrunning > 0)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"Endpoint '{endpointName}': {overrunning} handler(s) running past HandlerTimeout {options.HandlerTimeout}, ignoring cancellation; Unhealthy after StallTimeout {options.StallTimeout}.", data: data));
        }

        // Counted from the problem itself (stamped as it was counted), not from when health was first asked about it.
        if (s.RecentProblems.IsRecent(out var ago))
        {
            var problems = s.Dropped + s.Truncated + s.Rejected + s.ReplyDropped + s.TimedOut + s.Overruns;
            return Task.FromResult(HealthCheckResult.Degraded($"Endpoint '{endpointName}' dropped, truncated or rejected datagrams, dropped replies, or had handlers time out in the last {RecentProblems.Window.TotalSeconds:F0} s (the last {ago.TotalSeconds:F0} s ago; {problems} in all).", data: data));
        }

        if (endpoint.InFlight >= endpoint.Options.QueueCapacity)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"Endpoint '{endpointName}': its queue is saturated ({endpoint.InFlight} of {endpoint.Options.QueueCapacity}); senders are being held back.", data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy($"Endpoint '{endpointName}' is receiving.", data));
    }
}
