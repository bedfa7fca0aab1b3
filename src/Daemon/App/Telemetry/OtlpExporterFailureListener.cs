using System.Diagnostics.Tracing;

namespace UnixDatagram.Daemon;

/// <summary>
/// The OpenTelemetry SDK's OTLP exporter (the meter's export) reports a failed export only through its
/// self-diagnostics event source, <c>OpenTelemetry-Exporter-OpenTelemetryProtocol</c>; an <see cref="EventListener"/>
/// is its documented hook. Each event of a failed export attempt (the collector unreachable, an HTTP or gRPC error
/// status, a timeout, an exception in the exporter) goes to the metrics <see cref="ExportFailureReport"/>.
/// </summary>
/// <remarks>
/// Only this source is listened to; the report logs through Serilog, which does not write to it, so the listener
/// cannot feed itself.
/// </remarks>
internal sealed class OtlpExporterFailureListener : EventListener
{
    /// <summary>The exporter's event source (opentelemetry-dotnet, <c>OpenTelemetryProtocolExporterEventSource</c>).</summary>
    public const string SourceName = "OpenTelemetry-Exporter-OpenTelemetryProtocol";

    private readonly ExportFailureReport _report;

    public OtlpExporterFailureListener(ExportFailureReport report)
    {
        _report = report;
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        // Called from the base constructor too, before this one has run: only the source, no field, is used here.
        if (eventSource.Name == SourceName)
        {
            EnableEvents(eventSource, EventLevel.Warning);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventSource.Name == SourceName && Reason(eventData) is { } reason)
        {
            _report?.Failed(reason);
        }
    }

    /// <summary>Why the export failed, for the events that mean it did; null for any other event.</summary>
    private static string? Reason(EventWrittenEventArgs e)
    {
        string Text(int index) => e.Payload is { } payload && index < payload.Count ? payload[index]?.ToString() ?? "" : "";
        return e.EventId switch
        {
            // FailedToReachCollector(endpoint, exception); TransientHttpError, OperationUnexpectedlyCanceled, RequestTimedOut: the same.
            2 or 16 or 18 or 19 => ExportFailureReason.Describe(Text(1)),

            // HttpRequestFailed(endpoint, response body, exception).
            17 => ExportFailureReason.Describe(Text(2)) + (Text(1) is { Length: > 0 } body ? $" (response: {body})" : ""),

            // ExportFailure(endpoint, message, gRPC status); ResponseDeserializationFailed(endpoint).
            23 => $"{Text(1)} {Text(2)}",
            20 => "the collector's response could not be read",

            // ExportMethodException(exception, isRetry); TrySubmitRequestException(exception).
            4 or 12 => ExportFailureReason.Describe(Text(0)),
            _ => null,
        };
    }
}
