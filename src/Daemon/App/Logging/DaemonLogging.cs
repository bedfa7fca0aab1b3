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
        Exception? failure = null;
        try
        {
            SerilogMethodCheck.Read(configuration, () => logger.ReadFrom.Configuration(configuration));
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or InvalidCastException or OverflowException
                                       or ArgumentException or IOException or TypeLoadException or System.Reflection.TargetInvocationException)
        {
            failure = ex;
        }

        // After the reader, whatever it made of the section: every assembly it looked for sinks in is loaded, and an
        // argument it ignored, or failed on without naming it, is named here.
        SerilogSinkArguments.Check(configuration);
        if (failure is System.Reflection.TargetInvocationException { InnerException: ArgumentException argument }
            && SerilogSinkArguments.Describe(configuration, argument) is { } reason)
        {
            throw new OptionsValidationException("Serilog", typeof(LoggerConfiguration), [reason]);
        }

        if (failure is not null)
        {
            // Serilog.Settings.Configuration says what is wrong but not where, and the host would add a stack trace:
            // a refusal of the section, one line.
            throw new OptionsValidationException("Serilog", typeof(LoggerConfiguration), [$"Serilog: {(failure.InnerException ?? failure).Message}"]);
        }

        if (!SerilogSinkArguments.Sinks(configuration).Any())
        {
            // No sink at all (no Serilog section, "WriteTo": []): what the shipped appsettings.json configures, never a mute daemon.
            logger.WriteTo.StandardError();
        }
        else if (!WritesToStandardError(configuration))
        {
            // The configured sinks write elsewhere (a file, stdout): the daemon's critical lines ("Cannot start: ...")
            // still reach stderr, where systemd and the operator look first.
            logger.WriteTo.Logger(critical => critical
                .Filter.ByIncludingOnly(e => e.Level == LogEventLevel.Fatal)
                .WriteTo.Console(
                    outputTemplate: StandardErrorLoggerConfigurationExtensions.DefaultOutputTemplate,
                    standardErrorFromLevel: LogEventLevel.Verbose,
                    formatProvider: System.Globalization.CultureInfo.InvariantCulture));
        }

        logger.ReadFrom.Services(services)
            .MinimumLevel.Override("Microsoft.Extensions.Diagnostics.HealthChecks", LogEventLevel.Fatal)
            .Enrich.With<JournalPriorityEnricher>();
        if (telemetry is not null)
        {
            DaemonTelemetry.AddLogExport(logger, telemetry);
        }
    }

    /// <summary>
    /// Whether a sink that receives every event writes every level to stderr: <c>StandardError</c>, or <c>Console</c>
    /// with <c>standardErrorFromLevel</c>, in <c>WriteTo</c> or wrapped by <c>Async</c> there.
    /// </summary>
    internal static bool WritesToStandardError(IConfiguration configuration) =>
        SerilogSinkArguments.Unfiltered(configuration).Any(e =>
            (e.Value ?? e["Name"]) is "StandardError"
            || ((e.Value ?? e["Name"]) is "Console" && e["Args:standardErrorFromLevel"] is { Length: > 0 }));
}
