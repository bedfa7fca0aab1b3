using Microsoft.Extensions.Configuration;
using UnixDatagram.Hosting;

namespace UnixDatagram.Daemon;

/// <summary>The daemon's configuration as the commands see it: the same files and environment as <c>run</c>.</summary>
internal static class DaemonConfiguration
{
    public static (DatagramDaemonOptions Options, SocketDirectory Directory) Load()
    {
        // The host's own configuration sources (appsettings.json, appsettings.{Environment}.json, environment), so
        // the commands find the sockets exactly where 'run' puts them.
        var configuration = DaemonHostFactory.CreateBuilder([]).Configuration;
        var options = new DatagramDaemonOptions();
        configuration.GetSection(DatagramDaemonOptions.SectionName).Bind(options);
        return (options, new SocketDirectory(options.SocketDirectory, DaemonHostFactory.ApplicationName));
    }

    /// <summary>
    /// A command's PATH: <c>@name</c> or a path with a slash is taken as it is; a bare word that names a configured
    /// endpoint is that endpoint's socket; anything else is a path relative to the working directory.
    /// </summary>
    public static string ResolveTarget(string path)
    {
        if (path.StartsWith('@') || path.Contains('/', StringComparison.Ordinal))
        {
            return path.StartsWith('@') ? path : Path.GetFullPath(path);
        }

        var (options, directory) = Load();
        var endpoint = options.Endpoints.FirstOrDefault(e => string.Equals(e.Name, path, StringComparison.Ordinal));
        return endpoint?.Path is { } configured ? directory.Resolve(configured) : Path.GetFullPath(path);
    }
}
