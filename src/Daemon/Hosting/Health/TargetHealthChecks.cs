using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace UnixDatagram.Hosting;

/// <summary>
/// The one <see cref="TargetHealthCheck"/> per target, kept for the life of the host: the health check service asks its
/// factory for an instance on every run, and an instance must remember its last status to log a change only once.
/// </summary>
internal sealed class TargetHealthChecks(DatagramSender sender, TimeProvider time, ILogger<TargetHealthCheck> logger)
{
    private readonly ConcurrentDictionary<string, TargetHealthCheck> _checks = new(StringComparer.Ordinal);

    /// <exception cref="ArgumentException"><paramref name="target"/> is not a configured target.</exception>
    public TargetHealthCheck Get(string target) =>
        _checks.TryGetValue(target, out var check) ? check : _checks.GetOrAdd(target, new TargetHealthCheck(sender.Target(target), time, logger));
}
