namespace UnixDatagram.Hosting.Options;

/// <summary>What a reload did to the endpoints, by name.</summary>
internal sealed class EndpointChanges
{
    public List<string> Added { get; } = [];

    public List<string> Removed { get; } = [];

    public List<string> Changed { get; } = [];
}
