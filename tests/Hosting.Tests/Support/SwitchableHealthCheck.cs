using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace UnixDatagram.Hosting.Tests;

/// <summary>A health check whose answer the test sets; counts how often it ran.</summary>
internal sealed class SwitchableHealthCheck : IHealthCheck
{
    private readonly Lock _lock = new();
    private readonly List<(int Count, TaskCompletionSource Waiter)> _waiters = [];
    private int _calls;

    public HealthStatus Status { get; set; } = HealthStatus.Healthy;

    public string Description { get; set; } = "all well";

    public int Calls
    {
        get
        {
            lock (_lock)
            {
                return _calls;
            }
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var result = new HealthCheckResult(Status, Description);
        lock (_lock)
        {
            _calls++;
            foreach (var (count, waiter) in _waiters.Where(w => w.Count <= _calls))
            {
                waiter.TrySetResult();
            }
        }

        return Task.FromResult(result);
    }

    /// <summary>Completes once the check has run <paramref name="count"/> times in all.</summary>
    public Task WaitForCallsAsync(int count)
    {
        lock (_lock)
        {
            if (_calls >= count)
            {
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, waiter));
            return waiter.Task;
        }
    }
}
