using UnixDatagram.Hosting.Configuration;

namespace UnixDatagram.Hosting;

/// <summary>
/// JSON configuration files read in order and merged as JSON before they become configuration keys: objects merge
/// key by key, while an array or a single value in a later file replaces the earlier one as a whole (as in most
/// layered configuration systems). The framework's own JSON provider, one per file, merges arrays index by index
/// instead, so a later file's endpoint list would inherit the settings (a <c>Mode</c>, a handler, a <c>Path</c>) of
/// whatever entry an earlier file had at the same index. An object whose keys are indexes
/// (<c>"Endpoints": { "0": { ... } }</c>) still changes one entry of an earlier list, as an environment variable
/// (<c>Daemon__Endpoints__0__Mode</c>) or a command-line key does.
/// </summary>
/// <remarks>
/// A file gives exactly the keys the framework's JSON provider gives for it alone (comments and trailing commas
/// allowed). The files are read when the configuration is built and at each <see cref="IConfigurationRoot.Reload"/>
/// (a daemon's reload), never watched. A file that does not exist is skipped; one that cannot be read or is not a
/// JSON object fails the load with a <see cref="ConfigurationFileException"/> naming the file (with line and
/// position) and leaves the keys of the previous load in place, so a rejected reload changes nothing.
/// Usually added through <see cref="DatagramConfigurationExtensions.AddDatagramConfiguration{TBuilder}(TBuilder, IEnumerable{string})"/>.
/// </remarks>
public sealed class LayeredJsonConfigurationSource : IConfigurationSource
{
    /// <summary>Reads <paramref name="paths"/>, earliest first.</summary>
    /// <param name="paths">The files, earliest first; relative paths are taken from the current directory.</param>
    public LayeredJsonConfigurationSource(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        Paths = [.. paths.Select(path => Path.GetFullPath(path))];
    }

    /// <summary>The files as full paths, earliest first.</summary>
    public IReadOnlyList<string> Paths { get; }

    /// <summary>
    /// Whether the first load keeps a file's error for the host to report at start (<see cref="DatagramHost"/>)
    /// rather than throwing it where the configuration is built; a reload throws it in any case.
    /// </summary>
    internal bool KeepsFirstLoadError { get; init; }

    /// <summary>
    /// <c>appsettings.json</c> and then <c>appsettings.{<paramref name="environmentName"/>}.json</c> in each of
    /// <paramref name="directories"/> in turn: the files a host reads from its content root, then from each further
    /// directory, later overriding earlier.
    /// </summary>
    /// <param name="environmentName">The host's environment (<see cref="IHostEnvironment.EnvironmentName"/>), such as <c>Production</c>.</param>
    /// <param name="directories">The directories, earliest first.</param>
    public static LayeredJsonConfigurationSource AppSettings(string environmentName, params IEnumerable<string> directories)
    {
        ArgumentException.ThrowIfNullOrEmpty(environmentName);
        ArgumentNullException.ThrowIfNull(directories);
        return new([.. directories.SelectMany(directory => AppSettingsNames(environmentName).Select(name => Path.Join(directory, name)))]);
    }

    /// <inheritdoc />
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new LayeredJsonConfigurationProvider(this);

    /// <summary>The names of the host's own JSON files, as <c>Host.CreateApplicationBuilder</c> adds them.</summary>
    internal static string[] AppSettingsNames(string environmentName) => ["appsettings.json", $"appsettings.{environmentName}.json"];
}
