namespace UnixDatagram.Hosting.Endpoints;

/// <summary>A handler resolved for an endpoint, with the name it was registered under (for logs).</summary>
internal sealed record HandlerBinding(string Name, IDatagramHandler Handler);
