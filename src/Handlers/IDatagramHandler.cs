namespace UnixDatagram.Handlers;

/// <summary>
/// Handles the datagrams of the endpoints that name it. Register it with
/// <c>AddDatagramDaemon(...).AddHandler&lt;T&gt;("name")</c> and list <c>"name"</c> in an endpoint's <c>Handlers</c>.
/// </summary>
/// <remarks>
/// One instance serves every endpoint that lists it, and a concurrent endpoint calls it from several threads at
/// once: keep it thread-safe. <see cref="DatagramContext.Payload"/> is borrowed and valid only until the returned
/// task completes; copy what you keep. An exception is logged with the endpoint and handler names and counted;
/// the endpoint goes on with the next datagram. Complete synchronously when you can: an ordered endpoint whose
/// handlers do allocates nothing per datagram.
/// </remarks>
public interface IDatagramHandler
{
    /// <summary>Handles one datagram.</summary>
    /// <param name="context">The datagram and where it came from.</param>
    /// <param name="cancellationToken">Cancelled when the endpoint's <c>HandlerTimeout</c> passes or the daemon stops.</param>
    ValueTask HandleAsync(DatagramContext context, CancellationToken cancellationToken);
}
