using UnixDatagram.Hosting.Diagnostics;
using UnixDatagram.Hosting.Endpoints;
using UnixDatagram.Hosting.Options;
using static UnixDatagram.Hosting.Endpoints.EndpointsLog;

namespace UnixDatagram.Hosting;

/// <content>Applying a reloaded configuration to the set of endpoints.</content>
public sealed partial class DatagramListenerService
{
    /// <summary>
    /// Makes the endpoints those of <paramref name="next"/> (already validated). Unchanged endpoints keep their socket
    /// and dispatch untouched. A changed endpoint at the same address (same <c>Path</c> and <c>FileDescriptorName</c>)
    /// keeps its socket and gets a new dispatch; at a new address it is bound anew and the old one stops as at
    /// shutdown. Added endpoints are bound; removed ones stop gracefully. Everything new is bound before anything
    /// changes: when one bind fails, what this call bound is closed (its files removed) and the set is as it was.
    /// </summary>
    /// <returns>What changed, by endpoint name.</returns>
    /// <exception cref="EndpointBindException">An endpoint could not be bound; nothing was changed.</exception>
    /// <exception cref="InvalidOperationException">The service is stopping.</exception>
    internal async Task<EndpointChanges> ApplyAsync(DatagramDaemonOptions next, CancellationToken cancellationToken)
    {
        await _change.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_stopped)
            {
                throw new InvalidOperationException("The daemon is stopping; the reload was not applied.");
            }

            var current = Volatile.Read(ref _endpoints);
            var byName = current.ToDictionary(e => e.Name, StringComparer.Ordinal);
            var set = new List<DatagramEndpoint>();
            var bound = new List<DatagramEndpoint>();
            var handedOver = new List<(DatagramEndpoint Old, DatagramEndpoint New, int Index)>();
            var retired = new List<DatagramEndpoint>();
            var changes = new EndpointChanges();
            try
            {
                for (var i = 0; i < next.Endpoints.Count; i++)
                {
                    var options = next.Endpoints[i];
                    if (!byName.Remove(options.Name, out var old))
                    {
                        RefuseHeldByOwnEndpoint(options, i, current, null, next);
                        var created = Create(options, i);
                        bound.Add(created);
                        set.Add(created);
                        changes.Added.Add(options.Name);
                    }
                    else if (OptionsComparison.Same(old.Options, options))
                    {
                        set.Add(old);
                    }
                    else if (SameAddress(old.Options, options))
                    {
                        if (old.Options.EffectiveMode != options.EffectiveMode || old.Options.UserId != options.UserId || old.Options.GroupId != options.GroupId)
                        {
                            if (old.Socket.IsAdopted)
                            {
                                // The .socket unit's file decides, now as at start: a key set explicitly is checked
                                // against it, and a file that lets in more than the new keys refuses the reload.
                                AdoptedSocketFile.Check(old.Socket, options, string.Create(CultureInfo.InvariantCulture, $"Daemon:Endpoints:{i}"), _logger);
                            }
                            else
                            {
                                LogFileModeKept(_logger, options.Name, old.Socket.LocalAddress.ToString());
                            }
                        }

                        WarnIfForwardOpenToAll(options, old.Socket);
                        var successor = new DatagramEndpoint(options, old.Socket, Handlers(options), _statistics, _services.GetRequiredService<DatagramMetrics>(), EndpointLogger(options), _time);
                        handedOver.Add((old, successor, i));
                        set.Add(successor);
                        changes.Changed.Add(options.Name);
                    }
                    else
                    {
                        RefuseHeldByOwnEndpoint(options, i, current, old, next);
                        var created = Create(options, i);
                        bound.Add(created);
                        set.Add(created);
                        retired.Add(old);
                        changes.Changed.Add(options.Name);
                    }
                }
            }
            catch
            {
                foreach (var endpoint in bound)
                {
                    endpoint.Socket.Dispose();
                }

                throw;
            }

            changes.Removed.AddRange(byName.Keys);
            retired.AddRange(byName.Values);

            // Committed: from here on nothing can fail the reload.
            Volatile.Write(ref _options, next);
            Volatile.Write(ref _endpoints, [.. set]);
            foreach (var (old, successor, index) in handedOver)
            {
                await old.DetachAsync(successor, next.ShutdownTimeout, cancellationToken).ConfigureAwait(false);
                try
                {
                    EndpointBinder.Reconfigure(successor.Socket, successor.Options, index);
                }
                catch (EndpointBindException ex)
                {
                    LogReconfigureFailed(_logger, ex, successor.Name);
                }

                successor.Start();
            }

            foreach (var endpoint in bound)
            {
                endpoint.Start();
            }

            await Task.WhenAll(retired.Select(e => e.StopAsync(next.ShutdownTimeout, cancellationToken))).ConfigureAwait(false);
            foreach (var name in changes.Removed)
            {
                _statistics.RemoveEndpoint(name);
            }

            Interlocked.Exchange(ref _setChanged, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            return changes;
        }
        finally
        {
            _change.Release();
        }
    }

    /// <summary>Whether both options name the same socket: then it is kept, since it cannot be bound twice (and an adopted one not at all).</summary>
    private static bool SameAddress(DatagramEndpointOptions a, DatagramEndpointOptions b) =>
        string.Equals(a.Path, b.Path, StringComparison.Ordinal) && string.Equals(a.FileDescriptorName, b.FileDescriptorName, StringComparison.Ordinal);
}
