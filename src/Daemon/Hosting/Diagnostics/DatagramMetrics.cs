using System.Diagnostics.Metrics;

namespace UnixDatagram.Hosting.Diagnostics;

/// <summary>
/// The <c>UnixDatagram</c> meter: observable counters over <see cref="DaemonStatistics"/> (so the receive path pays
/// one increment per datagram, not a metrics call), and a histogram of handler duration.
/// </summary>
internal sealed class DatagramMetrics
{
    public const string MeterName = DatagramTelemetry.MeterName;

    public DatagramMetrics(IMeterFactory meterFactory, DaemonStatistics statistics)
    {
        var meter = meterFactory.Create(MeterName);
        Endpoint(meter, statistics, "received", "{datagram}", "Datagrams read from endpoint sockets.", static s => s.Received);
        Endpoint(meter, statistics, "received.bytes", "By", "Payload bytes read from endpoint sockets.", static s => s.Bytes);
        Endpoint(meter, statistics, "handled", "{datagram}", "Datagrams all handlers completed.", static s => s.Handled);
        Endpoint(meter, statistics, "failed", "{datagram}", "Datagrams a handler threw on.", static s => s.Failed);
        Endpoint(meter, statistics, "timed_out", "{datagram}", "Datagrams whose handlers timed out.", static s => s.TimedOut);
        Endpoint(meter, statistics, "dropped", "{datagram}", "Datagrams dropped by a full queue or at stop.", static s => s.Dropped);
        Endpoint(meter, statistics, "truncated", "{datagram}", "Datagrams longer than MaxDatagramSize.", static s => s.Truncated);
        Endpoint(meter, statistics, "rejected", "{datagram}", "Datagrams from senders that are not allowed.", static s => s.Rejected);
        Endpoint(meter, statistics, "reply_dropped", "{datagram}", "Replies dropped because the peer did not read within ReplyTimeout.", static s => s.ReplyDropped);
        Endpoint(meter, statistics, "suppressed", "{datagram}", "Datagrams suppressed by the per-sender rate limit.", static s => s.Suppressed);
        Endpoint(meter, statistics, "overruns", "{datagram}", "Datagrams whose handlers ran on past HandlerTimeout.", static s => s.Overruns);

        Endpoint(meter, statistics, "self_sent", "{datagram}", "Datagrams this process sent itself, not handled (a feedback loop cut).", static s => s.SelfSent);
        Target(meter, statistics, "sent", "{datagram}", "Datagrams sent to targets.", static s => s.Sent);
        Target(meter, statistics, "sent.bytes", "By", "Payload bytes sent to targets.", static s => s.Bytes);
        Target(meter, statistics, "queued", "{datagram}", "Datagrams that waited in a congested target's queue.", static s => s.Queued);
        Target(meter, statistics, "send.failed", "{datagram}", "Sends that failed otherwise (for example EMSGSIZE).", static s => s.Failed);
        Target(meter, statistics, "send.dropped", "{datagram}", "Datagrams dropped by a congested target's policy.", static s => s.Dropped);
        Target(meter, statistics, "congestion", "{event}", "Times a target became congested.", static s => s.CongestionEvents);
        Target(meter, statistics, "peer_unavailable", "{datagram}", "Sends that found the peer gone.", static s => s.PeerUnavailable);
        HandlerDuration = meter.CreateHistogram<double>("unixdgram.handler.duration", "s", "Time for all of an endpoint's handlers to handle one datagram.");
    }

    /// <summary>Handler duration, recorded only while something listens (<see cref="Instrument.Enabled"/>).</summary>
    public Histogram<double> HandlerDuration { get; }

    private static void Endpoint(Meter meter, DaemonStatistics statistics, string name, string unit, string description, Func<EndpointStatistics, long> read) =>
        meter.CreateObservableCounter(
            "unixdgram.endpoint." + name,
            () => statistics.Endpoints.Select(s => new Measurement<long>(read(s), new KeyValuePair<string, object?>("endpoint", s.Name))),
            unit,
            description);

    private static void Target(Meter meter, DaemonStatistics statistics, string name, string unit, string description, Func<TargetStatistics, long> read) =>
        meter.CreateObservableCounter(
            "unixdgram.target." + name,
            () => statistics.Targets.Select(s => new Measurement<long>(read(s), new KeyValuePair<string, object?>("target", s.Name))),
            unit,
            description);
}
