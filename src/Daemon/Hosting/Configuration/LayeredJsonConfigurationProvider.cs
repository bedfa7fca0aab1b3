namespace UnixDatagram.Hosting.Configuration;

/// <summary>
/// Reads <see cref="LayeredJsonConfigurationSource.Paths"/> on every <see cref="Load"/> (start, and each reload through
/// <see cref="IConfigurationRoot.Reload"/>); never watches the files. A file that cannot be read or parsed fails the
/// load with a <see cref="ConfigurationFileException"/> and leaves the keys of the previous load in place, so a reload
/// that is rejected changes nothing.
/// </summary>
internal sealed class LayeredJsonConfigurationProvider(LayeredJsonConfigurationSource source) : ConfigurationProvider
{
    public override void Load()
    {
        object? merged = null;
        foreach (var path in source.Paths)
        {
            if (JsonLayer.Read(path) is { } layer)
            {
                merged = merged is null ? layer : JsonLayer.Merge(merged, layer);
            }
        }

        Data = JsonLayer.Flatten(merged);
    }

    public override string ToString() => $"{nameof(LayeredJsonConfigurationProvider)} ({string.Join(", ", source.Paths)})";
}
