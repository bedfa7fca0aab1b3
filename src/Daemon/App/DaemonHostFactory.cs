namespace UnixDatagram.Daemon;

/// <summary>
/// The daemon's host: what a third party writes in its own <c>Program.cs</c> (Serilog from configuration, then
/// <c>AddDatagramDaemon()</c> with its handlers). <c>run</c> and <c>listen</c> both start from here.
/// </summary>
internal static class DaemonHostFactory
{
    /// <summary>The application name: the default socket directory is <c>$XDG_RUNTIME_DIR/dgramd</c> or <c>/tmp/dgramd-&lt;uid&gt;</c>.</summary>
    public const string ApplicationName = "dgramd";

    /// <exception cref="ConfigurationFileException">A configuration file cannot be read or is not valid JSON.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A setting read while building is refused.</exception>
    public static HostApplicationBuilder CreateBuilder(string[] args)
    {
        // As a third party's daemon is made, so a broken file is an error with its line and position; this one throws
        // it at once, for every command (the client commands read the configuration without starting a host).
        var builder = DatagramHost.CreateApplicationBuilder(
            new HostApplicationBuilderSettings
            {
                Args = args,
                ApplicationName = ApplicationName,

                // appsettings.json beside the executable, whatever the working directory (systemd starts in /).
                ContentRootPath = AppContext.BaseDirectory,
            },
            ConfigurationDirectory.Resolve(Environment.GetEnvironmentVariable));
        if (DatagramHost.ConfigurationFileError(builder.Configuration) is { } fileError)
        {
            throw fileError;
        }

        ConfigurationSections.Check(builder.Configuration);
        var telemetry = DaemonTelemetry.Read(builder.Configuration);
        SerilogSectionKeys.Check(builder.Configuration);
        SerilogLevels.Check(builder.Configuration);
        builder.Services.AddSerilog((services, logger) => DaemonLogging.Configure(logger, builder.Configuration, services, telemetry));
        builder.Services.AddDatagramDaemon();
        var configuration = builder.Configuration;
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<DatagramDaemonOptions>>(services =>
            new StartSectionsReloadCheck(configuration, () => services.GetRequiredService<ILoggerFactory>().CreateLogger<StartSectionsReloadCheck>()));
        // After the listener's: the handlers the endpoints use exist by then.
        builder.Services.AddHostedService(services => new HandlerOutputCheck(services, configuration, telemetry));
        if (telemetry is not null)
        {
            DaemonTelemetry.AddMetricsExport(builder.Services, telemetry);
            DaemonTelemetry.AddFailureReport(builder.Services, telemetry);
        }

        // Last, so that its callback at stop runs first: logging during the stop must not wait for stderr unbounded.
        builder.Services.AddHostedService<LogOutputStopService>();
        return builder;
    }
}
