namespace UnixDatagram.Hosting.Configuration;

/// <summary>
/// Reads <see cref="LayeredJsonConfigurationSource.Paths"/> on every <see cref="Load"/> (start, and each reload through
/// <see cref="IConfigurationRoot.Reload"/>); never watches the files. A file that cannot be read or parsed fails the
/// load with a <see cref="ConfigurationFileException"/> and leaves the keys of the previous load in place, so a reload
/// that is rejected changes nothing; except the first load of a source that keeps its error
/// (<see cref="LayeredJsonConfigurationSource.KeepsFirstLoadError"/>), which records it in <see cref="LoadError"/>
/// for the host to report when it starts.
/// </summary>
internal sealed class LayeredJsonConfigurationProvider(LayeredJsonConfigurationSource source) : ConfigurationProvider
{
    private bool _loaded;

    /// <summary>The error of the first load, kept rather than thrown; null once a load succeeded.</summary>
    public ConfigurationFileException? LoadError { get; private set; }

    public override void Load()
    {
        object? merged = null;
        try
        {
            foreach (var path in source.Paths)
            {
                if (JsonLayer.Read(path) is { } layer)
                {
                    merged = merged is null ? layer : JsonLayer.Merge(merged, layer);
                }
            }
        }
        catch (ConfigurationFileException ex) when (source.KeepsFirstLoadError && !_loaded)
        {
            LoadError = ex;
            return;
        }
        finally
        {
            _loaded = true;
        }

        Data = JsonLayer.Flatten(merged);
        LoadError = null;
    }

    /// <summary>The first kept load error among <paramref name="configuration"/>'s providers, or null.</summary>
    public static ConfigurationFileException? LoadErrorOf(IConfiguration configuration) =>
        (configuration as IConfigurationRoot)?.Providers.OfType<LayeredJsonConfigurationProvider>().Select(p => p.LoadError).FirstOrDefault(e => e is not null);

    public override string ToString() => $"{nameof(LayeredJsonConfigurationProvider)} ({string.Join(", ", source.Paths)})";
}
