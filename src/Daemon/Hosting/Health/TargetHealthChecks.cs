using System.Collections.Concurrent;
using UnixDatagram.Hosting.Sending;
using UnixDatagram.Hosting.Diagnostics;

namespace UnixDatagram.Hosting.Health;

/// <summary>
/// The one <see cref="TargetHealthCheck"/> per target, kept for the life of the host: the health check service asks its
/// factory for an instance on every run, and an instance must remember its last status to log a change only once.
/// </summary>
internal sealed class TargetHealthChecks(DatagramSender sender, TimeProvider time, ILoggerFactory loggerFactory)
{
    private readonly ILogger _logger = LogCategory.For<TargetHealthCheck>(loggerFactory);

    private readonly ConcurrentDictionary<string, TargetHealthCheck> _checks = new(StringComparer.Ordinal);

    /// <summary>The check of <paramref name="target"/>; a new one when a reload replaced the target.</summary>
    /// <exception cref="ArgumentException"><paramref name="target"/> is not a configured target.</exception>
    public TargetHealthCheck Get(string target)
    {
        var current = sender.Target(target);
        if (_checks.TryGetValue(target, out var check) && check.Target == current)
        {
            return check;
        }

        var fresh = new TargetHealthCheck(current, time, _logger);
        _checks[target] = fresh;
        return fresh;
    }
}
