namespace UnixDatagram.Daemon;

/// <summary>
/// The daemon's JSON configuration files, read in order and merged as JSON before they become configuration keys:
/// objects merge key by key, while an array or a single value in a later file replaces the earlier one as a whole
/// (as in most layered configuration systems). The framework's own JSON provider, one per file, merges arrays index
/// by index instead, so a later file's endpoint list would inherit the settings (a <c>Mode</c>, a handler, a
/// <c>Path</c>) of whatever entry an earlier file had at the same index. An object whose keys are indexes
/// (<c>"Endpoints": { "0": { ... } }</c>) still changes one entry of an earlier list, as an environment variable
/// (<c>Daemon__Endpoints__0__Mode</c>) or a command-line key does.
/// </summary>
/// <param name="paths">Absolute paths, earliest first; a file that does not exist is skipped.</param>
internal sealed class LayeredJsonConfigurationSource(IReadOnlyList<string> paths) : IConfigurationSource
{
    /// <summary>The files, earliest first.</summary>
    public IReadOnlyList<string> Paths { get; } = paths;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new LayeredJsonConfigurationProvider(this);
}
