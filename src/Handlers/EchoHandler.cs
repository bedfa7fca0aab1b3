using UnixDatagram.Handlers.Internal;

namespace UnixDatagram.Handlers;

/// <summary>
/// Replies each datagram's payload to its sender through the endpoint's socket (<see cref="DatagramContext.ReplyAsync"/>),
/// waiting through congestion.
/// </summary>
/// <remarks>
/// Registered as <see cref="BuiltInHandlerNames.Echo"/>. A datagram from an unnamed sender (a client that never bound)
/// cannot be answered: it is logged as a warning (event 2010), not thrown, since the fault is the client's and the
/// endpoint goes on; like a datagram arriving where there is no socket to reply through (event 2011), at most once per
/// 10 seconds, with a count of those held back since the last report. A sender that is gone by the time the reply goes out makes <see cref="HandleAsync"/> fail with the
/// <c>UnixSocketException</c>, which the dispatcher logs and counts.
/// </remarks>
public sealed class EchoHandler : IDatagramHandler
{
    private static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(10);

    private readonly ILogger _logger;
    private readonly RateLimiter _unnamedLog;
    private readonly RateLimiter _noReplySocketLog;

    /// <summary>Creates the handler.</summary>
    /// <param name="logger">Where unanswerable datagrams are reported.</param>
    /// <param name="timeProvider">The clock that paces warnings; the system clock when null.</param>
    public EchoHandler(ILogger<EchoHandler> logger, TimeProvider? timeProvider = null)
    {
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        var time = timeProvider ?? TimeProvider.System;
        _unnamedLog = new RateLimiter(time, WarningInterval);
        _noReplySocketLog = new RateLimiter(time, WarningInterval);
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
            if (_unnamedLog.TryAcquire(out var suppressed))
            {
                EchoHandlerLog.SenderUnnamed(_logger, context.EndpointName, context.DatagramLength, suppressed);
            }
        }
        else if (_noReplySocketLog.TryAcquire(out var suppressed))
        {
            EchoHandlerLog.NoReplySocket(_logger, context.EndpointName, context.Sender.ToString(), context.DatagramLength, suppressed);
        }

        return default;
    }
}
