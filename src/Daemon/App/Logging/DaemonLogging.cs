using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Events;

namespace UnixDatagram.Daemon;

/// <summary>Serilog for the daemon: configured from <c>appsettings.json</c>, with journald priorities under systemd.</summary>
internal static class DaemonLogging
{
    /// <summary>Until configuration is read: errors during start still reach stderr (and the journal).</summary>
    public static Serilog.Core.Logger CreateBootstrapLogger() => new LoggerConfiguration()
        .MinimumLevel.Information()
        .Enrich.With<JournalPriorityEnricher>()
        .WriteTo.Console(
            outputTemplate: "{JournalPriority}{Level:u3} {Message:lj}{NewLine}{Exception}",
            standardErrorFromLevel: LogEventLevel.Verbose,
            formatProvider: System.Globalization.CultureInfo.InvariantCulture)
        .CreateLogger();

    public static void Configure(LoggerConfiguration logger, IConfiguration configuration, IServiceProvider services, OpenTelemetryExportOptions? telemetry = null)
    {
        logger.ReadFrom.Configuration(configuration)
            .ReadFrom.Services(services)
            .Enrich.With<JournalPriorityEnricher>()
            .Filter.With<StartRefusalFilter>();
        if (telemetry is not null)
        {
            DaemonTelemetry.AddLogExport(logger, telemetry);
        }
    }
}
