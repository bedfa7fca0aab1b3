using UnixDatagram.Handlers.Internal;

namespace UnixDatagram.Handlers;

/// <summary>
/// Replies each datagram's payload to its sender through the endpoint's socket (<see cref="DatagramContext.ReplyAsync"/>),
/// waiting through congestion.
/// </summary>
/// <remarks>
/// Registered as <see cref="BuiltInHandlerNames.Echo"/>. A datagram from an unnamed sender (a client that never bound)
/// cannot be answered: it is logged as a warning (event 2010), not thrown, since the fault is the client's and the
/// endpoint goes on. A sender that is gone by the time the reply goes out makes <see cref="HandleAsync"/> fail with the
/// <c>UnixSocketException</c>, which the dispatcher logs and counts.
/// </remarks>
public sealed class EchoHandler : IDatagramHandler
{
    private readonly ILogger _logger;

    /// <summary>Creates the handler.</summary>
    /// <param name="logger">Where unanswerable datagrams are reported.</param>
    public EchoHandler(ILogger<EchoHandler> logger)
    {
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <inheritdoc />
    public ValueTask HandleAsync(DatagramContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.CanReply)
        {
            // Returned as is: no state machine, and the payload stays borrowed until the kernel has taken the reply.
            return context.ReplyAsync(context.Payload, cancellationToken);
        }

        if (!context.Sender.IsAddressable)
        {
            EchoHandlerLog.SenderUnnamed(_logger, context.EndpointName, context.DatagramLength);
        }
        else
        {
            EchoHandlerLog.NoReplySocket(_logger, context.EndpointName, context.Sender.ToString(), context.DatagramLength);
        }

        return default;
    }
}
