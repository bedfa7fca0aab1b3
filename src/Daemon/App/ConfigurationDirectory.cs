using Microsoft.Extensions.Configuration.Json;

namespace UnixDatagram.Daemon;

/// <summary>
/// The operator's configuration directory: <c>$CONFIGURATION_DIRECTORY</c> (systemd's <c>ConfigurationDirectory=</c>;
/// the first entry if it lists several), else <c>/etc/dgramd</c>. Its <c>appsettings.json</c> and
/// <c>appsettings.{Environment}.json</c> are read after the same files next to the binary and before environment
/// variables and the command line, so the order, later overriding earlier, is: binary directory, configuration
/// directory, <c>DOTNET_</c>/plain environment variables, command-line arguments. The four files are one
/// <see cref="LayeredJsonConfigurationSource"/>: between files, a later list replaces an earlier one as a whole.
/// </summary>
internal static class ConfigurationDirectory
{
    /// <summary>Where Linux daemons keep their configuration when systemd does not say otherwise.</summary>
    public const string Default = "/etc/" + DaemonHostFactory.ApplicationName;

    public static string Resolve(Func<string, string?> environment) =>
        environment("CONFIGURATION_DIRECTORY")?.Split(':', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? Default;

    /// <summary>The configuration files, earliest first: the binary's directory, then the configuration directory.</summary>
    public static LayeredJsonConfigurationSource Files(string binaryDirectory, string directory, string environmentName) =>
        new([.. new[] { binaryDirectory, directory }.SelectMany(d => FileNames(environmentName).Select(name => Path.GetFullPath(Path.Join(d, name))))]);

    /// <summary>
    /// Puts <paramref name="files"/> where the host's own <c>appsettings*.json</c> sources were, in their place: those
    /// merge lists index by index and would also re-read the files without being asked (<c>reloadOnChange</c>).
    /// </summary>
    public static void Replace(HostApplicationBuilder builder, LayeredJsonConfigurationSource files)
    {
        var names = FileNames(builder.Environment.EnvironmentName);
        var sources = builder.Configuration.Sources;
        var first = -1;
        for (var i = sources.Count - 1; i >= 0; i--)
        {
            if (sources[i] is JsonConfigurationSource { Path: { } path } && names.Contains(path, StringComparer.Ordinal))
            {
                sources.RemoveAt(i);
                first = i;
            }
        }

        sources.Insert(first < 0 ? sources.Count : first, files);
    }

    private static string[] FileNames(string environmentName) => ["appsettings.json", $"appsettings.{environmentName}.json"];
}
