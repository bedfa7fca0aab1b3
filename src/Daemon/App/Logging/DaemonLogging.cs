using Microsoft.Extensions.Options;

namespace UnixDatagram.Daemon;

/// <summary>Serilog for the daemon: configured from <c>appsettings.json</c>, with journald priorities under systemd.</summary>
internal static class DaemonLogging
{
    /// <summary>Until configuration is read: errors during start still reach stderr (and the journal).</summary>
    public static Serilog.Core.Logger CreateBootstrapLogger() => new LoggerConfiguration()
        .MinimumLevel.Information()
        .Enrich.With<JournalPriorityEnricher>()
        .WriteTo.Console(
            outputTemplate: "{JournalPriority}{TimeAndLevel}{Message:l}{NewLine}{Exception}",
            standardErrorFromLevel: LogEventLevel.Verbose,
            formatProvider: System.Globalization.CultureInfo.InvariantCulture)
        .CreateLogger();

    /// <summary>
    /// From configuration, plus: the health check library's own per-evaluation lines are off (it logs an error for
    /// every Unhealthy evaluation, several a minute); the daemon logs one line per health change instead.
    /// </summary>
    public static void Configure(LoggerConfiguration logger, IConfiguration configuration, IServiceProvider services, OpenTelemetryExportOptions? telemetry = null)
    {
        try
        {
            logger.ReadFrom.Configuration(configuration);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or InvalidCastException or OverflowException
                                       or ArgumentException or IOException or TypeLoadException or System.Reflection.TargetInvocationException)
        {
            // Serilog.Settings.Configuration says what is wrong but not where, and the host would add a stack trace:
            // a refusal of the section, one line.
            throw new OptionsValidationException("Serilog", typeof(LoggerConfiguration), [$"Serilog: {(ex.InnerException ?? ex).Message}"]);
        }

        logger.ReadFrom.Services(services)
            .MinimumLevel.Override("Microsoft.Extensions.Diagnostics.HealthChecks", LogEventLevel.Fatal)
            .Enrich.With<JournalPriorityEnricher>();
        if (telemetry is not null)
        {
            DaemonTelemetry.AddLogExport(logger, telemetry);
        }
    }
}
