using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace UnixDatagram.Bench.Soak;

/// <summary>Runs the health checks every second, as the watchdog does, and remembers how often each entry was in each state.</summary>
internal sealed class HealthSampler(HealthCheckService health)
{
    private readonly SortedDictionary<string, int[]> _counts = new(StringComparer.Ordinal);

    public string Summary => string.Join("; ", _counts.Select(p => $"{p.Key}: {p.Value[2]} Healthy, {p.Value[1]} Degraded, {p.Value[0]} Unhealthy"));

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var report = await health.CheckHealthAsync(CancellationToken.None).ConfigureAwait(false);
            foreach (var (name, entry) in report.Entries)
            {
                if (!_counts.TryGetValue(name, out var counts))
                {
                    _counts[name] = counts = new int[3];
                }

                counts[(int)entry.Status]++;
            }

            try
            {
                await Task.Delay(1000, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
