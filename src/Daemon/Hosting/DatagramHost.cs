using Microsoft.Extensions.Configuration.Json;
using UnixDatagram.Hosting.Configuration;

namespace UnixDatagram.Hosting;

/// <summary>
/// Creating a daemon's host builder, so that a configuration file that is not valid JSON is reported as one line
/// naming the file, the line and the position, and refuses start with <see cref="DaemonHostExtensions.ConfigurationErrorExitCode"/>.
/// </summary>
public static class DatagramHost
{
    /// <summary>
    /// <see cref="Host.CreateApplicationBuilder(HostApplicationBuilderSettings)"/> with <paramref name="settings"/>, then
    /// <see cref="DatagramConfigurationExtensions.AddDatagramConfiguration{TBuilder}(TBuilder, IEnumerable{string})"/>
    /// with <paramref name="directories"/>; except that a file that cannot be read or is not valid JSON throws
    /// nowhere while the builder is made. The host's own JSON sources would throw an <see cref="InvalidDataException"/>
    /// from <c>Host.CreateApplicationBuilder</c> itself, before any of the program's code runs, and the process would
    /// end on it unhandled (SIGABRT).
    /// </summary>
    /// <remarks>
    /// The error is kept (<see cref="ConfigurationFileError"/>) and the configuration holds no keys of the files;
    /// <see cref="DaemonHostExtensions.RunDaemonAsync"/> logs it as one <c>Cannot start: &lt;file&gt;: line L, position P: ...</c>
    /// line (event 1020) and returns <see cref="DaemonHostExtensions.ConfigurationErrorExitCode"/> before anything
    /// starts, and a host started otherwise fails start with the <see cref="ConfigurationFileException"/>. A reload
    /// (SIGHUP) that meets a broken file is refused naming it, and the previous configuration stays, as with
    /// <c>AddDatagramConfiguration</c>. Only the host's own <c>appsettings*.json</c> sources are spared while the
    /// builder is made: a file source the program adds itself reports its errors as it always does.
    /// </remarks>
    /// <param name="settings">As for <c>Host.CreateApplicationBuilder</c>: <c>Args</c>, <c>ContentRootPath</c>, <c>ApplicationName</c>, ...</param>
    /// <param name="directories">Further directories whose <c>appsettings*.json</c> override the content root's, earliest first.</param>
    /// <returns>The builder.</returns>
    public static HostApplicationBuilder CreateApplicationBuilder(HostApplicationBuilderSettings settings, params IEnumerable<string> directories)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(directories);
        var configuration = settings.Configuration ??= new ConfigurationManager();
        var previous = configuration.GetFileLoadExceptionHandler();
        configuration.SetFileLoadExceptionHandler(context =>
        {
            // The source added below reads the same file again and keeps its error for start, with line and position.
            if (context.Provider is JsonConfigurationProvider { Source.Path: { } path } && IsHostAppSettings(path))
            {
                context.Ignore = true;
            }
            else
            {
                previous?.Invoke(context);
            }
        });
        HostApplicationBuilder builder;
        try
        {
            builder = Host.CreateApplicationBuilder(settings);
        }
        finally
        {
            configuration.SetFileLoadExceptionHandler(previous!);
        }

        DatagramConfigurationExtensions.Add(builder, directories, keepFirstLoadError: true);
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(services => new ConfigurationFileCheck(services.GetRequiredService<IConfiguration>())));
        return builder;
    }

    /// <summary>
    /// The error of the daemon's configuration files as the host builder read them (<see cref="CreateApplicationBuilder"/>),
    /// or null: for a program that reads the configuration before it starts the host, and must not go on without it.
    /// </summary>
    /// <param name="configuration">The host's configuration (<c>builder.Configuration</c>, or the host's <see cref="IConfiguration"/>).</param>
    /// <returns>The file's error (its message names the file, the line and the position), or null.</returns>
    public static ConfigurationFileException? ConfigurationFileError(IConfiguration configuration) =>
        LayeredJsonConfigurationProvider.LoadErrorOf(configuration ?? throw new ArgumentNullException(nameof(configuration)));

    /// <summary><c>appsettings.json</c> or <c>appsettings.{Environment}.json</c>, as <c>Host.CreateApplicationBuilder</c> names them.</summary>
    private static bool IsHostAppSettings(string path) =>
        path.StartsWith("appsettings.", StringComparison.Ordinal) && path.EndsWith(".json", StringComparison.Ordinal) && !path.Contains('/', StringComparison.Ordinal);
}
