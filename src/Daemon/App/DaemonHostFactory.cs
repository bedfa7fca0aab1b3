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
        // The host's environment name, decided here so that the files read below are the host's.
        var environment = HostEnvironmentName(args);
        var directory = ConfigurationDirectory.Resolve(Environment.GetEnvironmentVariable);

        // Read before the host reads the same files with its own JSON provider, which reports a broken file with a
        // stack trace and no line: this one names the file, the line and the position.
        LayeredJsonConfigurationSource.AppSettings(environment, AppContext.BaseDirectory, directory).Build(new ConfigurationBuilder()).Load();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ApplicationName = ApplicationName,
            EnvironmentName = environment,

            // appsettings.json beside the executable, whatever the working directory (systemd starts in /).
            ContentRootPath = AppContext.BaseDirectory,
        });

        // In place of the host's own JSON sources, which merge lists index by index; re-read by every reload.
        builder.AddDatagramConfiguration(directory);
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

    /// <summary>As the host decides it: <c>--environment</c>, else <c>DOTNET_ENVIRONMENT</c>, else Production.</summary>
    private static string HostEnvironmentName(string[] args)
    {
        var host = new ConfigurationBuilder().AddEnvironmentVariables("DOTNET_").AddCommandLine(args).Build();
        return host[HostDefaults.EnvironmentKey] is { Length: > 0 } name ? name : Environments.Production;
    }
}
