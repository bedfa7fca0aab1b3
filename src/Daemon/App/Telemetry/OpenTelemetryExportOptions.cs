using OpenTelemetry.Exporter;

namespace UnixDatagram.Daemon;

/// <summary>
/// The <c>OpenTelemetry</c> section: export the <c>UnixDatagram</c> meter and the log (the <c>syslog</c> handler's
/// structured events included) over OTLP to an OpenTelemetry Collector. Off while <see cref="Endpoint"/> is unset.
/// </summary>
internal sealed class OpenTelemetryExportOptions
{
    public const string SectionName = "OpenTelemetry";

    /// <summary>
    /// The collector's OTLP base address, such as <c>http://collector:4318</c> for OTLP/HTTP (the daemon posts to
    /// <c>/v1/metrics</c> and <c>/v1/logs</c> below it) or <c>http://collector:4317</c> for gRPC. Default: none (off).
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary><c>HttpProtobuf</c> (OTLP/HTTP, the default) or <c>Grpc</c>.</summary>
    public OtlpExportProtocol Protocol { get; set; } = OtlpExportProtocol.HttpProtobuf;

    /// <summary>How often metrics are exported. Default: 60 s (the OpenTelemetry SDK's).</summary>
    public TimeSpan MetricExportInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The <c>service.name</c> resource attribute. Default: <c>dgramd</c>.</summary>
    public string ServiceName { get; set; } = DaemonHostFactory.ApplicationName;

    /// <summary>Whether the meter is exported. Default: true.</summary>
    public bool Metrics { get; set; } = true;

    /// <summary>Whether log events are exported. Default: true.</summary>
    public bool Logs { get; set; } = true;

    public Uri SignalEndpoint(string signal) => Protocol == OtlpExportProtocol.HttpProtobuf
        ? new Uri(Endpoint!, Endpoint!.AbsolutePath.TrimEnd('/') + "/v1/" + signal)
        : Endpoint!;
}
