using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Hosting;
using Serilog;
using UnixDatagram.Hosting;

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
        AddConfigurationDirectory(builder.Configuration, Environment.GetEnvironmentVariable("CONFIGURATION_DIRECTORY"));
        var telemetry = DaemonTelemetry.Read(builder.Configuration);
        builder.Services.AddSerilog((services, logger) => DaemonLogging.Configure(logger, builder.Configuration, services, telemetry));
        builder.Services.AddDatagramDaemon();
        if (telemetry is not null)
        {
            DaemonTelemetry.AddMetricsExport(builder.Services, telemetry);
        }

        return builder;
    }

    /// <summary>
    /// <c>appsettings.json</c> in systemd's <c>$CONFIGURATION_DIRECTORY</c> (<c>ConfigurationDirectory=</c>; the first of
    /// a colon-separated list), read after the files next to the executable and before environment variables and
    /// arguments, so it overrides the former and they override it. Re-read by every reload.
    /// </summary>
    private static void AddConfigurationDirectory(ConfigurationManager configuration, string? directories)
    {
        var directory = directories?.Split(':', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (directory is null)
        {
            return;
        }

        var sources = configuration.Sources.ToList();
        var lastFile = sources.FindLastIndex(s => s is JsonConfigurationSource);
        var source = new JsonConfigurationSource { Path = Path.Join(directory, "appsettings.json"), Optional = true, ReloadOnChange = false };
        source.ResolveFileProvider();
        configuration.Sources.Insert(lastFile + 1, source);
    }
}
