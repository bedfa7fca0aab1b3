using UnixDatagram.Hosting.Options;

namespace UnixDatagram.Hosting.Sending;

/// <content>Applying a reloaded set of targets.</content>
internal sealed partial class DatagramSender
{
    private readonly Lock _reloadLock = new();
    private bool _closed;

    /// <summary>
    /// Makes the targets those of <paramref name="targets"/> (already validated). An unchanged target keeps its socket,
    /// queue and state; a changed one gets a new target (the old one stops: what it still held is counted as dropped
    /// and logged); added ones connect; removed ones stop.
    /// </summary>
    /// <returns>What changed, by target name.</returns>
    /// <exception cref="InvalidOperationException">The sender was disposed (the host is stopping).</exception>
    public async Task<EndpointChanges> ApplyAsync(IList<DatagramTargetOptions> targets)
    {
        var changes = new EndpointChanges();
        var retired = new List<SendTarget>();
        var fresh = new List<SendTarget>();
        lock (_reloadLock)
        {
            if (_closed)
            {
                throw new InvalidOperationException("The sender is stopping; the reload was not applied.");
            }

            var old = new Dictionary<string, SendTarget>(_set.Targets, StringComparer.Ordinal);
            var next = new Dictionary<string, SendTarget>(StringComparer.Ordinal);
            for (var i = 0; i < targets.Count; i++)
            {
                var options = targets[i];
                if (old.Remove(options.Name, out var existing) && OptionsComparison.Same(existing.Options, options))
                {
                    next.Add(options.Name, existing);
                    continue;
                }

                if (existing is not null)
                {
                    retired.Add(existing);
                    changes.Changed.Add(options.Name);
                }
                else
                {
                    changes.Added.Add(options.Name);
                }

                var created = CreateTarget(options, i);
                fresh.Add(created);
                next.Add(options.Name, created);
            }

            retired.AddRange(old.Values);
            changes.Removed.AddRange(old.Keys);
            Volatile.Write(ref _set, new TargetSet(next, [.. targets.Select(t => t.Name)]));
        }

        if (Volatile.Read(ref _started) != 0)
        {
            foreach (var target in fresh)
            {
                target.Start();
            }
        }

        foreach (var target in retired)
        {
            await target.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var name in changes.Removed)
        {
            _statistics.RemoveTarget(name);
        }

        return changes;
    }

    private SendTarget CreateTarget(DatagramTargetOptions options, int index) =>
        new(options, string.Create(CultureInfo.InvariantCulture, $"{DatagramDaemonOptions.SectionName}:Targets:{index}:Path"), UnixSocketAddress.Parse(_directory.Resolve(options.Path)), _statistics.Target(options.Name), _time, _logger);

    /// <summary>Marks the sender closed, so no reload adds targets after disposal, and returns the targets to stop.</summary>
    private TargetSet Close()
    {
        lock (_reloadLock)
        {
            _closed = true;
            return _set;
        }
    }

    /// <summary>The targets by name, and their names in configured order.</summary>
    private sealed record TargetSet(Dictionary<string, SendTarget> Targets, string[] Names);
}
