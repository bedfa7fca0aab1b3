using System.Collections.Concurrent;

namespace UnixDatagram.Hosting;

/// <summary>All endpoint and target totals of this daemon; a singleton.</summary>
public sealed class DaemonStatistics
{
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, EndpointStatistics> _endpoints = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TargetStatistics> _targets = new(StringComparer.Ordinal);

    /// <summary>Creates the statistics on the system clock.</summary>
    public DaemonStatistics()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Creates the statistics; <paramref name="timeProvider"/> stamps each endpoint's last problem (health's "in the last 60 s").</summary>
    public DaemonStatistics(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
    }

    /// <summary>Per-endpoint totals, by name.</summary>
    public IReadOnlyCollection<EndpointStatistics> Endpoints => [.. _endpoints.Values.OrderBy(e => e.Name, StringComparer.Ordinal)];

    /// <summary>Per-target totals, by name.</summary>
    public IReadOnlyCollection<TargetStatistics> Targets => [.. _targets.Values.OrderBy(t => t.Name, StringComparer.Ordinal)];

    /// <summary>The control socket's totals.</summary>
    public ControlStatistics Control { get; } = new();

    /// <summary>The totals of endpoint <paramref name="name"/>, created on first use.</summary>
    public EndpointStatistics Endpoint(string name) => _endpoints.GetOrAdd(name, static (n, time) => new EndpointStatistics(n, time), _time);

    /// <summary>Forgets endpoint <paramref name="name"/>, removed by a reload: statistics follow the current endpoints.</summary>
    internal void RemoveEndpoint(string name) => _endpoints.TryRemove(name, out _);

    /// <summary>Forgets target <paramref name="name"/>, removed by a reload.</summary>
    internal void RemoveTarget(string name) => _targets.TryRemove(name, out _);

    /// <summary>The totals of target <paramref name="name"/>, created on first use.</summary>
    public TargetStatistics Target(string name) => _targets.GetOrAdd(name, static n => new TargetStatistics(n));
}
