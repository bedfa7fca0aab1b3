namespace UnixDatagram.Handlers;

/// <summary>
/// Options of a <see cref="ForwardHandler"/>, bound from <c>Daemon:Handlers:&lt;name&gt;</c> (for the default name,
/// <c>Daemon:Handlers:forward</c>).
/// </summary>
public sealed class ForwardHandlerOptions
{
    /// <summary>
    /// The name of the send target (one of <c>Daemon:Targets</c>) that datagrams are relayed to. Required.
    /// Default: empty, which fails validation when the handler is created.
    /// </summary>
    public string Target { get; set; } = string.Empty;
}
