namespace UnixDatagram.Daemon;

/// <summary>
/// The daemon's host: what a third party writes in its own <c>Program.cs</c> (Serilog from configuration, then
/// <c>AddDatagramDaemon()</c> with its handlers). <c>run</c> and <c>listen</c> both start from here.
/// </summary>
internal static class DaemonHostFactory
{
    /// <summary>The application name: the default socket directory is <c>$XDG_RUNTIME_DIR/dgramd</c> or <c>/tmp/dgramd-&lt;uid&gt;</c>.</summary>
    public const string ApplicationName = "dgramd";

    public static HostApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ApplicationName = ApplicationName,

            // appsettings.json beside the executable, whatever the working directory (systemd starts in /).
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Re-read by every reload: the host's configuration sources are the ones a reload reads again.
        ConfigurationDirectory.AddTo(builder, ConfigurationDirectory.Resolve(Environment.GetEnvironmentVariable));
        var telemetry = DaemonTelemetry.Read(builder.Configuration);
        builder.Services.AddSerilog((services, logger) => DaemonLogging.Configure(logger, builder.Configuration, services, telemetry));
        builder.Services.AddDatagramDaemon();
        if (telemetry is not null)
        {
            DaemonTelemetry.AddMetricsExport(builder.Services, telemetry);
        }

        return builder;
    }
}
