using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Serilog.Sinks.OpenTelemetry;

namespace UnixDatagram.Daemon;

/// <summary>OpenTelemetry export, from the <c>OpenTelemetry</c> configuration section only; nothing when it has no endpoint.</summary>
internal static class DaemonTelemetry
{
    /// <summary>The section, or null when export is off. A key that is not an option, or a value that does not convert, fails start naming it.</summary>
    public static OpenTelemetryExportOptions? Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(OpenTelemetryExportOptions.SectionName);
        if (!section.Exists())
        {
            return null;
        }

        var unknown = section.GetChildren()
            .Where(c => OptionNames.All(n => !string.Equals(n, c.Key, StringComparison.OrdinalIgnoreCase)))
            .Select(c => $"{c.Path}: unknown setting '{c.Key}'; {ConfigurationKeyHint.For(c.Key, OptionNames)}")
            .ToList();
        if (unknown.Count > 0)
        {
            throw Refusal(unknown);
        }

        var interval = section.GetSection(nameof(OpenTelemetryExportOptions.MetricExportInterval));
        if (interval.Value is { Length: > 0 } text && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out _) && ConfigurationTimeSpan.Problem(text) is { } problem)
        {
            throw Refusal([$"{interval.Path}: '{text}' {problem}."]);
        }

        OpenTelemetryExportOptions? options;
        try
        {
            options = section.Get<OpenTelemetryExportOptions>();
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the key and the value ("Failed to convert configuration value 'soon' at '...'").
            throw Refusal([$"{OpenTelemetryExportOptions.SectionName}: {ex.Message}"]);
        }

        if (options?.Endpoint is not { } endpoint)
        {
            return null;
        }

        if (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https"))
        {
            throw Refusal([$"{section.Path}:{nameof(OpenTelemetryExportOptions.Endpoint)}: '{section[nameof(OpenTelemetryExportOptions.Endpoint)]}' is not an http:// or https:// address, such as http://collector:4318."]);
        }

        if (ExportSocketCheck.Refusal(endpoint) is { } refused)
        {
            throw Refusal([$"{section.Path}:{nameof(OpenTelemetryExportOptions.Endpoint)}: '{section[nameof(OpenTelemetryExportOptions.Endpoint)]}' {refused}"]);
        }

        return options;
    }

    private static readonly string[] OptionNames = [.. typeof(OpenTelemetryExportOptions).GetProperties().Select(p => p.Name)];

    private static OptionsValidationException Refusal(IEnumerable<string> errors) =>
        new(OpenTelemetryExportOptions.SectionName, typeof(OpenTelemetryExportOptions), errors);

    /// <summary>Exports the <c>UnixDatagram</c> meter through the OpenTelemetry SDK's OTLP exporter.</summary>
    public static void AddMetricsExport(IServiceCollection services, OpenTelemetryExportOptions options)
    {
        if (!options.Metrics)
        {
            return;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName))
            .WithMetrics(metrics => metrics
                .AddMeter(DatagramTelemetry.MeterName)
                .AddOtlpExporter((exporter, reader) =>
                {
                    exporter.Endpoint = options.SignalEndpoint("metrics");
                    exporter.Protocol = options.Protocol;
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.MetricExportInterval.TotalMilliseconds;
                }));
    }

    /// <summary>Counts and logs (rate-limited) every failed export of either signal: <see cref="ExportFailureService"/>.</summary>
    public static void AddFailureReport(IServiceCollection services, OpenTelemetryExportOptions options)
    {
        services.AddSingleton(options);
        services.AddHostedService<ExportFailureService>();
    }

    /// <summary>Sends every log event (after the configured minimum levels) to the collector as an OTLP log record.</summary>
    public static void AddLogExport(LoggerConfiguration logger, OpenTelemetryExportOptions options)
    {
        if (!options.Logs)
        {
            return;
        }

        logger.WriteTo.OpenTelemetry(sink =>
        {
            sink.Endpoint = options.SignalEndpoint("logs").ToString();
            sink.Protocol = options.Protocol == OtlpExportProtocol.Grpc ? OtlpProtocol.Grpc : OtlpProtocol.HttpProtobuf;
            sink.ResourceAttributes = new Dictionary<string, object> { ["service.name"] = options.ServiceName };
        });
    }
}
