namespace UnixDatagram.Daemon;

/// <summary>
/// The operator's configuration directory: <c>$CONFIGURATION_DIRECTORY</c> (systemd's <c>ConfigurationDirectory=</c>;
/// the first entry if it lists several), else <c>/etc/dgramd</c>. Its <c>appsettings.json</c> and
/// <c>appsettings.{Environment}.json</c> are read after the same files next to the binary and before environment
/// variables and the command line, so the order, later overriding earlier, is: binary directory, configuration
/// directory, <c>DOTNET_</c>/plain environment variables, command-line arguments. The four files are one
/// <see cref="LayeredJsonConfigurationSource"/> (<see cref="DatagramConfigurationExtensions.AddDatagramConfiguration{TBuilder}(TBuilder, IEnumerable{string})"/>):
/// between files, a later list replaces an earlier one as a whole.
/// </summary>
internal static class ConfigurationDirectory
{
    /// <summary>Where Linux daemons keep their configuration when systemd does not say otherwise.</summary>
    public const string Default = "/etc/" + DaemonHostFactory.ApplicationName;

    public static string Resolve(Func<string, string?> environment) =>
        environment("CONFIGURATION_DIRECTORY")?.Split(':', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? Default;
}
