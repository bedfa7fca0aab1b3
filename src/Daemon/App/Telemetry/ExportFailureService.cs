using System.Diagnostics.Metrics;

namespace UnixDatagram.Daemon;

/// <summary>
/// Makes failed exports seen: from start to stop, the OTLP exporter's event source (metrics) and Serilog's self-log
/// (logs) feed one <see cref="ExportFailureReport"/> each, counted on <c>unixdgram.export.failed</c> (tag
/// <c>signal</c>) on the <c>UnixDatagram</c> meter and logged as warning 1330. Registered only when export is on.
/// </summary>
internal sealed class ExportFailureService : IHostedService, IDisposable
{
    private readonly ExportFailureReport _metrics;
    private readonly ExportFailureReport _logs;
    private readonly OpenTelemetryExportOptions _options;
    private readonly OtlpExporterFailureListener? _listener;

    public ExportFailureService(OpenTelemetryExportOptions options, ILoggerFactory loggerFactory, IMeterFactory meterFactory, TimeProvider time)
    {
        _options = options;
        var failed = meterFactory.Create(DatagramTelemetry.MeterName)
            .CreateCounter<long>("unixdgram.export.failed", "{export}", "OpenTelemetry exports that failed (the collector unreachable or denied, an error status, a timeout).");
        var logger = loggerFactory.CreateLogger(typeof(DaemonTelemetry).FullName!);
        _metrics = new ExportFailureReport("metrics", options.SignalEndpoint("metrics"), logger, failed, time);
        _logs = new ExportFailureReport("logs", options.SignalEndpoint("logs"), logger, failed, time);

        // Here, not in StartAsync: the host builds every hosted service before it starts any, and OpenTelemetry's own
        // starts first, so its first export (which may fail) can come before this service's StartAsync.
        if (options.Metrics)
        {
            _listener = new OtlpExporterFailureListener(_metrics);
        }

        if (options.Logs)
        {
            SerilogExportFailures.Start(_logs);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        // What was held back by the rate limit is said now, while the log still writes.
        _metrics.Flush();
        _logs.Flush();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _listener?.Dispose();
        if (_options.Logs)
        {
            SerilogExportFailures.Stop();
        }

        _metrics.Dispose();
        _logs.Dispose();
    }
}
