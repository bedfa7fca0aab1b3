namespace UnixDatagram.Daemon;

/// <summary>
/// The daemon's configuration as the commands see it: the same files and environment as <c>run</c>. Without a
/// configured <c>Daemon:SocketDirectory</c> or <c>$RUNTIME_DIRECTORY</c>, the commands look where <c>run</c> would
/// put the control socket from this shell and, if no daemon answers there, in <c>/run/dgramd</c>, where
/// dgramd.service keeps it.
/// </summary>
internal static class DaemonConfiguration
{
    public static (DatagramDaemonOptions Options, SocketDirectory Directory) Load()
    {
        // The host's own configuration sources (appsettings.json, appsettings.{Environment}.json, environment), so
        // the commands find the sockets exactly where 'run' puts them.
        var configuration = DaemonHostFactory.CreateBuilder([]).Configuration;
        var options = new DatagramDaemonOptions();
        configuration.GetSection(DatagramDaemonOptions.SectionName).Bind(options);
        var directory = new SocketDirectory(options.SocketDirectory, DaemonHostFactory.ApplicationName);
        if (string.IsNullOrWhiteSpace(options.SocketDirectory)
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("RUNTIME_DIRECTORY"))
            && !HasControlSocket(directory, options)
            && new SocketDirectory(SystemdRuntimeDirectory, DaemonHostFactory.ApplicationName) is var systemd
            && HasControlSocket(systemd, options))
        {
            // An operator's shell has no $RUNTIME_DIRECTORY: find the daemon that systemd runs (dgramd.service).
            directory = systemd;
        }

        return (options, directory);
    }

    /// <summary>dgramd.service's <c>RuntimeDirectory=dgramd</c>: the service's control socket and relative endpoint paths.</summary>
    public const string SystemdRuntimeDirectory = "/run/" + DaemonHostFactory.ApplicationName;

    private static bool HasControlSocket(SocketDirectory directory, DatagramDaemonOptions options) =>
        string.IsNullOrEmpty(options.ControlPath)
            ? Directory.Exists(directory.Path)
            : File.Exists(directory.Resolve(options.ControlPath));

    /// <summary>
    /// A command's PATH: <c>@name</c> or a path with a slash is taken as it is; a bare word that names a configured
    /// endpoint is that endpoint's socket; a bare word that names an existing file in the working directory is
    /// that file. Anything else is an error that lists the endpoint names.
    /// </summary>
    public static bool TryResolveTarget(string path, out string target, out string error)
    {
        error = "";
        if (path.StartsWith('@') || path.Contains('/', StringComparison.Ordinal))
        {
            target = path.StartsWith('@') ? path : Path.GetFullPath(path);
            return true;
        }

        var (options, directory) = Load();
        var endpoint = options.Endpoints.FirstOrDefault(e => string.Equals(e.Name, path, StringComparison.Ordinal));
        if (endpoint?.Path is { } configured)
        {
            target = directory.Resolve(configured);
            return true;
        }

        target = Path.GetFullPath(path);
        if (File.Exists(target) || Directory.Exists(target))
        {
            return true;
        }

        var names = string.Join(", ", options.Endpoints.Where(e => e.Path is not null).Select(e => e.Name));
        error = $"'{path}' is not an endpoint name (configured: {(names.Length > 0 ? names : "none")}) and no file of that name is in {Directory.GetCurrentDirectory()}; give a path with a '/' or @name";
        return false;
    }

    /// <summary>
    /// Checks the socket directory before a command trusts a socket in it (an endpoint named on the command line, the
    /// control socket): one that another user owns or can write to may hold that user's socket.
    /// </summary>
    /// <exception cref="UnixDatagram.Transport.UnixDirectoryException">The socket directory is unsafe.</exception>
    public static void CheckSocketDirectory(string resolved)
    {
        if (resolved.StartsWith('@'))
        {
            return;
        }

        var (_, directory) = Load();
        if (string.Equals(Path.GetDirectoryName(Path.GetFullPath(resolved)), directory.Path, StringComparison.Ordinal))
        {
            directory.CheckForClient();
        }
    }
}
