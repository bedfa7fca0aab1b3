using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using UnixDatagram.Handlers.Internal;

namespace UnixDatagram.Hosting.Diagnostics;

/// <summary>
/// The counters handlers publish on this host's meters, read for <c>dgramd stats</c>: every counter (observable or
/// not, <see cref="long"/> or <see cref="int"/>) created through the host's <see cref="IMeterFactory"/> whose
/// measurements carry a <c>handler</c> tag, such as <c>unixdgram.syslog_files.lost</c>. They are the numbers an
/// OpenTelemetry exporter or <c>dotnet-counters</c> sees, under the same names, without either: an observable
/// counter's value is the sum of what its callback reports for that handler (one measurement for each other tag
/// set), another counter's is the sum of what was added since start.
/// </summary>
/// <remarks>
/// Observable callbacks are the handlers' code: they run on a thread of their own, at most one pass at a time, and a
/// pass slower than <see cref="PassLimit"/> (or one that throws) leaves the values of the last pass that completed,
/// so a handler's callback cannot hold up the control socket, whose <c>health</c> answers come from the same loop.
/// </remarks>
internal sealed class HandlerCounters : IDisposable
{
    /// <summary>How long <see cref="SnapshotAsync"/> waits for the handlers' observable callbacks.</summary>
    public static readonly TimeSpan PassLimit = TimeSpan.FromSeconds(1);

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Handler, string Counter), long> _sums = new();
    private readonly Lock _gate = new();
    private Dictionary<(string Handler, string Counter), long>? _pass;
    private Dictionary<(string Handler, string Counter), long> _observed = [];
    private Task _running = Task.CompletedTask;

    public HandlerCounters(IMeterFactory meterFactory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // Only this host's meters (hosts that share a process each see their own handlers), and not the
            // endpoints' and targets' counters, which carry no handler tag and are in the document already.
            if (ReferenceEquals(instrument.Meter.Scope, meterFactory)
                && instrument is Counter<long> or ObservableCounter<long> or Counter<int> or ObservableCounter<int>
                && !instrument.Name.StartsWith("unixdgram.endpoint.", StringComparison.Ordinal)
                && !instrument.Name.StartsWith("unixdgram.target.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Each handler's counters by name, both in ordinal order.</summary>
    public async Task<SortedDictionary<string, SortedDictionary<string, long>>> SnapshotAsync(CancellationToken cancellationToken)
    {
        Task pass;
        lock (_gate)
        {
            if (_running.IsCompleted)
            {
                _running = Task.Run(RecordPass, CancellationToken.None);
            }

            pass = _running;
        }

        try
        {
            await pass.WaitAsync(PassLimit, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A slow callback: the last completed pass's values; this pass publishes its own when it ends.
        }

        var result = new SortedDictionary<string, SortedDictionary<string, long>>(StringComparer.Ordinal);
        foreach (var ((handler, counter), value) in Volatile.Read(ref _observed).Concat(_sums))
        {
            if (!result.TryGetValue(handler, out var counters))
            {
                result[handler] = counters = new SortedDictionary<string, long>(StringComparer.Ordinal);
            }

            counters[counter] = value;
        }

        return result;
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private void RecordPass()
    {
        // The listener calls back on this thread, inside RecordObservableInstruments, and one pass runs at a time.
        var values = new Dictionary<(string Handler, string Counter), long>();
        _pass = values;
        try
        {
            _listener.RecordObservableInstruments();
        }
#pragma warning disable CA1031 // A handler's failing callback must not take 'stats' down: the last values stand.
        catch (Exception)
#pragma warning restore CA1031
        {
            return;
        }
        finally
        {
            _pass = null;
        }

        Volatile.Write(ref _observed, values);
    }

    private void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == HandlerMetrics.HandlerTag && tag.Value is string handler)
            {
                var key = (handler, instrument.Name);
                if (!instrument.IsObservable)
                {
                    _sums.AddOrUpdate(key, static (_, added) => added, static (_, total, added) => total + added, value);
                }
                else if (_pass is { } pass)
                {
                    pass[key] = pass.GetValueOrDefault(key) + value;
                }

                return;
            }
        }
    }
}
