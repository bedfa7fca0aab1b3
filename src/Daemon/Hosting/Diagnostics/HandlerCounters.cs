using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using UnixDatagram.Handlers.Internal;

namespace UnixDatagram.Hosting.Diagnostics;

/// <summary>
/// The counters handlers publish on this host's meters, read for <c>dgramd stats</c>: every counter (observable or
/// not, <see cref="long"/> or <see cref="int"/>) created through the host's <see cref="IMeterFactory"/> whose
/// measurements carry a <c>handler</c> tag, such as <c>unixdgram.syslog_files.lost</c>. They are the numbers an
/// OpenTelemetry exporter or <c>dotnet-counters</c> sees, under the same names, without either.
/// </summary>
internal sealed class HandlerCounters : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Handler, string Counter), long> _totals = new();
    private readonly Lock _snapshot = new();

    public HandlerCounters(IMeterFactory meterFactory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // Only this host's meters: tests and hosts that share a process each see their own handlers.
            if (ReferenceEquals(instrument.Meter.Scope, meterFactory)
                && instrument is Counter<long> or ObservableCounter<long> or Counter<int> or ObservableCounter<int>)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Each handler's counters by name, both in ordinal order: current values of observable counters, sums since start of the others.</summary>
    public SortedDictionary<string, SortedDictionary<string, long>> Snapshot()
    {
        lock (_snapshot)
        {
            try
            {
                _listener.RecordObservableInstruments();
            }
#pragma warning disable CA1031 // A handler's failing callback must not take 'stats' down; the others' values are still recorded.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        var result = new SortedDictionary<string, SortedDictionary<string, long>>(StringComparer.Ordinal);
        foreach (var ((handler, counter), value) in _totals)
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

    private void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == HandlerMetrics.HandlerTag && tag.Value?.ToString() is { } handler)
            {
                var key = (handler, instrument.Name);
                if (instrument.IsObservable)
                {
                    _totals[key] = value;
                }
                else
                {
                    _totals.AddOrUpdate(key, value, (_, total) => total + value);
                }

                return;
            }
        }
    }
}
