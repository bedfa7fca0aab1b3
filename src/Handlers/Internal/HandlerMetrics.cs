using System.Diagnostics.Metrics;

namespace UnixDatagram.Handlers.Internal;

/// <summary>
/// The built-in handlers' counters: observable counters on the <c>UnixDatagram</c> meter of the host's
/// <see cref="IMeterFactory"/>, tagged with the handler's name (<see cref="HandlerTag"/>), which is how
/// <c>dgramd stats</c> finds them under <c>handlers</c>.
/// </summary>
internal static class HandlerMetrics
{
    /// <summary>The meter's name, the daemon's own (<c>UnixDatagram</c>).</summary>
    public const string MeterName = "UnixDatagram";

    /// <summary>The tag that names the handler a measurement belongs to.</summary>
    public const string HandlerTag = "handler";

    /// <summary>Publishes <paramref name="read"/> as the observable counter <paramref name="name"/>; nothing without a factory.</summary>
    public static void Counter(IMeterFactory? meterFactory, string handler, string name, string unit, string description, Func<long> read)
    {
        if (meterFactory is null)
        {
            return;
        }

        // The factory caches its meters and disposes them with the host; a handler never disposes one.
#pragma warning disable CA2000
        var meter = meterFactory.Create(MeterName);
#pragma warning restore CA2000
        var tag = new KeyValuePair<string, object?>(HandlerTag, handler);
        meter.CreateObservableCounter(name, () => new Measurement<long>(read(), tag), unit, description);
    }
}
