using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace UnixDatagram.Hosting;

/// <summary>
/// One endpoint's health: Unhealthy when it is not bound or its socket file is gone or replaced; Degraded when its
/// queue is full or it dropped, truncated or rejected datagrams in the last minute; Healthy otherwise.
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

        var problems = s.Dropped + s.Truncated + s.Rejected;
        if (endpoint.RecentProblems.Observe(problems))
        {
            return Task.FromResult(HealthCheckResult.Degraded($"Endpoint '{endpointName}' dropped, truncated or rejected datagrams in the last {RecentProblems.Window.TotalSeconds:F0} s ({problems} in all).", data: data));
        }

        if (endpoint.InFlight >= endpoint.Options.QueueCapacity)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"Endpoint '{endpointName}': its queue is saturated ({endpoint.InFlight} of {endpoint.Options.QueueCapacity}); senders are being held back.", data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy($"Endpoint '{endpointName}' is receiving.", data));
    }
}
