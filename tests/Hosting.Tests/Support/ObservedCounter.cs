using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace UnixDatagram.Hosting.Tests;

/// <summary>Reads an observable counter of the host's own meter (other hosts in this process have theirs).</summary>
internal sealed class ObservedCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _value = -1;

    public ObservedCounter(ListenerHost daemon, string name)
    {
        var factory = daemon.Host.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == name && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => _value = value);
        _listener.Start();
    }

    /// <summary>The counter's value now; -1 when no such counter was created.</summary>
    public long Read()
    {
        _listener.RecordObservableInstruments();
        return _value;
    }

    public void Dispose() => _listener.Dispose();
}
