using Microsoft.Extensions.Configuration.Json;

namespace UnixDatagram.Hosting;

/// <summary>Reading a daemon's configuration files so that a later file's list replaces an earlier one as a whole.</summary>
public static class DatagramConfigurationExtensions
{
    /// <summary>
    /// Reads the host's <c>appsettings.json</c> and <c>appsettings.{Environment}.json</c> (from the content root),
    /// then the same two files in each of <paramref name="directories"/>, as one
    /// <see cref="LayeredJsonConfigurationSource"/>: between the files, objects merge key by key and a list in a later
    /// file (<c>Daemon:Endpoints</c>, <c>Daemon:Targets</c>, an endpoint's <c>Handlers</c>) replaces the earlier list
    /// as a whole. Without this, the host's own JSON sources merge lists index by index: an
    /// <c>appsettings.Production.json</c> with one endpoint overwrites the keys of the first endpoint of
    /// <c>appsettings.json</c>, inherits its other keys, and keeps its second endpoint.
    /// </summary>
    /// <remarks>
    /// The source takes the place of the host's own <c>appsettings*.json</c> sources (added by
    /// <c>Host.CreateApplicationBuilder</c>), so environment variables and the command line still override the files;
    /// a host without them (<c>DisableDefaults</c>) gets it after its existing sources. Calling this again replaces the
    /// source an earlier call added. The files are read now and again at each reload of the daemon (SIGHUP,
    /// <c>systemctl reload</c>, <see cref="IDatagramDaemonReloader"/>), where the new configuration is validated
    /// before it applies; they are not watched for changes, unlike the host's sources with <c>reloadOnChange</c>. A file
    /// that does not exist is skipped; one that is not valid JSON throws <see cref="ConfigurationFileException"/>
    /// naming the file, the line and the position.
    /// </remarks>
    /// <typeparam name="TBuilder">The host builder, such as <see cref="HostApplicationBuilder"/>.</typeparam>
    /// <param name="builder">The host builder.</param>
    /// <param name="directories">Further directories whose <c>appsettings*.json</c> override the content root's,
    /// earliest first, such as the operator's <c>/etc/mydaemon</c> (systemd's <c>ConfigurationDirectory=</c>).</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="ConfigurationFileException">A file cannot be read or is not valid JSON.</exception>
    public static TBuilder AddDatagramConfiguration<TBuilder>(this TBuilder builder, params IEnumerable<string> directories)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(directories);
        Add(builder, directories, keepFirstLoadError: false);
        return builder;
    }

    /// <summary>The source in place of the host's own JSON sources; <paramref name="keepFirstLoadError"/> for <see cref="DatagramHost"/>.</summary>
    internal static void Add(IHostApplicationBuilder builder, IEnumerable<string> directories, bool keepFirstLoadError)
    {
        var environment = builder.Environment;
        var paths = LayeredJsonConfigurationSource.AppSettings(environment.EnvironmentName, [environment.ContentRootPath, .. directories]).Paths;
        var files = new LayeredJsonConfigurationSource(paths) { KeepsFirstLoadError = keepFirstLoadError };
        var names = LayeredJsonConfigurationSource.AppSettingsNames(environment.EnvironmentName);
        var sources = builder.Configuration.Sources;
        var first = -1;
        for (var i = sources.Count - 1; i >= 0; i--)
        {
            if (sources[i] is LayeredJsonConfigurationSource
                || (sources[i] is JsonConfigurationSource { Path: { } path } && names.Contains(path, StringComparer.Ordinal)))
            {
                sources.RemoveAt(i);
                first = i;
            }
        }

        sources.Insert(first < 0 ? sources.Count : first, files);
    }
}
