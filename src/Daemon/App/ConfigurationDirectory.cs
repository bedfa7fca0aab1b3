using Microsoft.Extensions.Configuration.Json;

namespace UnixDatagram.Daemon;

/// <summary>
/// The operator's configuration directory: <c>$CONFIGURATION_DIRECTORY</c> (systemd's <c>ConfigurationDirectory=</c>;
/// the first entry if it lists several), else <c>/etc/dgramd</c>. Its <c>appsettings.json</c> and
/// <c>appsettings.{Environment}.json</c> are read after the same files next to the binary and before environment
/// variables and the command line, so the order, later overriding earlier, is: binary directory, configuration
/// directory, <c>DOTNET_</c>/plain environment variables, command-line arguments.
/// </summary>
internal static class ConfigurationDirectory
{
    /// <summary>Where Linux daemons keep their configuration when systemd does not say otherwise.</summary>
    public const string Default = "/etc/" + DaemonHostFactory.ApplicationName;

    public static string Resolve(Func<string, string?> environment) =>
        environment("CONFIGURATION_DIRECTORY")?.Split(':', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? Default;

    /// <summary>Adds the directory's files right after the host's own <c>appsettings*.json</c> sources.</summary>
    public static void AddTo(HostApplicationBuilder builder, string directory)
    {
        var sources = builder.Configuration.Sources;
        var last = -1;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource)
            {
                last = i;
            }
        }

        var files = new IConfigurationSource[]
        {
            Json(directory, "appsettings.json"),
            Json(directory, $"appsettings.{builder.Environment.EnvironmentName}.json"),
        };
        for (var i = 0; i < files.Length; i++)
        {
            sources.Insert(last + 1 + i, files[i]);
        }
    }

    private static JsonConfigurationSource Json(string directory, string name)
    {
        var source = new JsonConfigurationSource { Path = Path.Join(directory, name), Optional = true, ReloadOnChange = false };
        source.ResolveFileProvider();
        return source;
    }
}
