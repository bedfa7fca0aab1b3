using System.Diagnostics.Metrics;
using UnixDatagram.Handlers.Internal;

namespace UnixDatagram.Handlers;

/// <summary>
/// Replies each datagram's payload to its sender through the endpoint's socket (<see cref="DatagramContext.ReplyAsync"/>),
/// waiting through congestion.
/// </summary>
/// <remarks>
/// Registered as <see cref="BuiltInHandlerNames.Echo"/>. A datagram from an unnamed sender (a client that never bound)
/// cannot be answered: it is logged as a warning (event 2010), not thrown, since the fault is the client's and the
/// endpoint goes on; so is one from a sender that bound a relative path, which names its socket only in its own working
/// directory (event 2013, <see cref="UnixSocketAddress.IsRelativePath"/>), and one arriving where there is no socket to
/// reply through (event 2011), each at most once per 10 seconds, with a count of those held back since the last
/// report. A datagram the kernel truncated at the endpoint's
/// <c>MaxDatagramSize</c> (its <c>WhenTruncated</c> <c>Deliver</c>) is never echoed, since the reply would pass for the
/// whole datagram: it is refused, with a warning (event 2012) paced the same way. All are counted in <see cref="Unanswered"/> (the
/// <c>unixdgram.echo.unanswered</c> counter, in <c>dgramd stats</c> under <c>handlers</c>). A reply that cannot be
/// delivered (the sender gone, or its queue full past the endpoint's <c>ReplyTimeout</c>) is the endpoint's dropped reply,
/// counted and logged there; a symbolic link or another user's socket at the sender's path makes
/// <see cref="HandleAsync"/> fail with the <c>UnixSocketException</c>, which the dispatcher logs and counts.
/// </remarks>
public sealed class EchoHandler : IDatagramHandler
{
    private static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(10);

    private readonly ILogger _logger;
    private readonly RateLimiter _unnamedLog;
    private readonly RateLimiter _relativeLog;
    private readonly RateLimiter _noReplySocketLog;
    private readonly RateLimiter _truncatedLog;
    private long _unanswered;

    /// <summary>Creates the handler.</summary>
    /// <param name="logger">Where unanswerable datagrams are reported.</param>
    /// <param name="timeProvider">The clock that paces warnings; the system clock when null.</param>
    public EchoHandler(ILogger<EchoHandler> logger, TimeProvider? timeProvider = null)
        : this(BuiltInHandlerNames.Echo, logger, timeProvider, null)
    {
    }

    /// <summary>Creates the handler registered as <paramref name="name"/>, with its counter on the <c>UnixDatagram</c> meter.</summary>
    /// <param name="name">The name it is registered under: the <c>handler</c> tag of its counter.</param>
    /// <param name="logger">Where unanswerable datagrams are reported.</param>
    /// <param name="timeProvider">The clock that paces warnings; the system clock when null.</param>
    /// <param name="meterFactory">Creates the <c>UnixDatagram</c> meter for the <c>unixdgram.echo.unanswered</c> counter; none when null.</param>
    public EchoHandler([ServiceKey] string name, ILogger<EchoHandler> logger, TimeProvider? timeProvider = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        var time = timeProvider ?? TimeProvider.System;
        _unnamedLog = new RateLimiter(time, WarningInterval);
        _relativeLog = new RateLimiter(time, WarningInterval);
        _noReplySocketLog = new RateLimiter(time, WarningInterval);
        _truncatedLog = new RateLimiter(time, WarningInterval);
        HandlerMetrics.Counter(meterFactory, name, "unixdgram.echo.unanswered", "{datagram}", "Datagrams not answered: from an unnamed sender or one bound to a relative path, with no socket to reply through, or truncated by the kernel.", () => Unanswered);
    }

    /// <summary>Datagrams not answered because their sender is unnamed or bound to a relative path, there is no socket to reply through, or the kernel truncated them.</summary>
    public long Unanswered => Interlocked.Read(ref _unanswered);

    /// <inheritdoc />
    public ValueTask HandleAsync(DatagramContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);

        // Only the start of a truncated datagram is here (WhenTruncated Deliver): echoed, it would pass for the whole.
        if (context.IsTruncated)
        {
            Interlocked.Increment(ref _unanswered);
            if (_truncatedLog.TryAcquire(out var heldBack))
            {
                EchoHandlerLog.LogTruncated(_logger, context.EndpointName, context.Sender.ToString(), UnixCredentials.Describe(context.Credentials), context.Payload.Length, context.DatagramLength, heldBack);
            }

            return default;
        }

        if (context.CanReply)
        {
            // Returned as is: no state machine, and the payload stays borrowed until the kernel has taken the reply.
            return context.ReplyAsync(context.Payload, cancellationToken);
        }

        Interlocked.Increment(ref _unanswered);
        if (!context.Sender.IsAddressable)
        {
            if (_unnamedLog.TryAcquire(out var suppressed))
            {
                EchoHandlerLog.LogSenderUnnamed(_logger, context.EndpointName, context.DatagramLength, UnixCredentials.Describe(context.Credentials), suppressed);
            }
        }
        else if (context.Sender.IsRelativePath)
        {
            if (_relativeLog.TryAcquire(out var suppressed))
            {
                EchoHandlerLog.LogSenderRelative(_logger, context.EndpointName, context.Sender.ToString(), UnixCredentials.Describe(context.Credentials), context.DatagramLength, context.Sender.UnanswerableReason!, suppressed);
            }
        }
        else if (_noReplySocketLog.TryAcquire(out var suppressed))
        {
            EchoHandlerLog.LogNoReplySocket(_logger, context.EndpointName, context.Sender.ToString(), UnixCredentials.Describe(context.Credentials), context.DatagramLength, suppressed);
        }

        return default;
    }}
