using UnixDatagram.Handlers.Internal;

namespace UnixDatagram.Hosting;

/// <summary>Names a telemetry pipeline subscribes to: <c>dotnet-counters</c>, OpenTelemetry's <c>AddMeter</c>.</summary>
public static class DatagramTelemetry
{
    /// <summary>
    /// The <see cref="System.Diagnostics.Metrics.Meter"/> of the daemon's counters (<c>unixdgram.endpoint.*</c>,
    /// <c>unixdgram.target.*</c>) and the <c>unixdgram.handler.duration</c> histogram: <c>UnixDatagram</c>.
    /// </summary>
    public const string MeterName = HandlerMetrics.MeterName;
}
