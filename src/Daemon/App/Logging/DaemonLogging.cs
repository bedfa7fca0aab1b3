namespace UnixDatagram.Daemon;

/// <summary>Serilog for the daemon: configured from <c>appsettings.json</c>, with journald priorities under systemd.</summary>
internal static class DaemonLogging
{
    /// <summary>Until configuration is read: errors during start still reach stderr (and the journal).</summary>
    public static Serilog.Core.Logger CreateBootstrapLogger() => new LoggerConfiguration()
        .MinimumLevel.Information()
        .Enrich.With<JournalPriorityEnricher>()
        .WriteTo.Console(
            outputTemplate: "{JournalPriority}{TimeAndLevel}{Message:lj}{NewLine}{Exception}",
            standardErrorFromLevel: LogEventLevel.Verbose,
            formatProvider: System.Globalization.CultureInfo.InvariantCulture)
        .CreateLogger();

    /// <summary>
    /// From configuration, plus: the health check library's own per-evaluation lines are off (it logs an error for
    /// every Unhealthy evaluation, several a minute); the daemon logs one line per health change instead.
    /// </summary>
    public static void Configure(LoggerConfiguration logger, IConfiguration configuration, IServiceProvider services, OpenTelemetryExportOptions? telemetry = null)
    {
        logger.ReadFrom.Configuration(configuration)
            .ReadFrom.Services(services)
            .MinimumLevel.Override("Microsoft.Extensions.Diagnostics.HealthChecks", LogEventLevel.Fatal)
            .Enrich.With<JournalPriorityEnricher>();
        if (telemetry is not null)
        {
            DaemonTelemetry.AddLogExport(logger, telemetry);
        }
    }
}
