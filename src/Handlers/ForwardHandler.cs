using System.Diagnostics.Metrics;
using UnixDatagram.Handlers.Internal;

namespace UnixDatagram.Handlers;

/// <summary>
/// Relays each datagram to a configured send target through <see cref="IDatagramSender"/>
/// (<see cref="ForwardHandlerOptions.Target"/>), under that target's congestion policy.
/// </summary>
/// <remarks>
/// <para>Registered as <see cref="BuiltInHandlerNames.Forward"/>; its options come from <c>Daemon:Handlers:&lt;name&gt;</c>,
/// so several forward handlers with different targets can be registered under different names.</para>
/// <para>A datagram the target did not take (<see cref="SendResult.Congested"/>, <see cref="SendResult.Dropped"/>,
/// <see cref="SendResult.PeerUnavailable"/>) is logged as a warning with endpoint and target (event 2020), at most once a
/// second per result, with a count of those held back, and counted in <see cref="Undelivered"/> (the
/// <c>unixdgram.forward.undelivered</c> counter, in <c>dgramd stats</c> under <c>handlers</c>; under the target's
/// <c>Fail</c> policy nothing else counts it). <see cref="SendResult.Queued"/> is not: it goes out in order.</para>
/// <para>A datagram the kernel truncated at the endpoint's <c>MaxDatagramSize</c> (its <c>WhenTruncated</c>
/// <c>Deliver</c>) is never forwarded, since the target would take its start for the whole: it is refused, counted in
/// <see cref="Undelivered"/> and warned about (event 2021, at most once a second, naming the sender and its credentials).</para>
/// <para>The target is checked against <see cref="IDatagramSender.TargetNames"/> when the handler first forwards (and
/// again after the options are reloaded): an unknown target throws <see cref="InvalidOperationException"/> naming the
/// handler, the configuration key and the value.</para>
/// </remarks>
public sealed class ForwardHandler : IDatagramHandler, IDisposable
{
    private static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(1);

    private readonly string _name;
    private readonly IDatagramSender _sender;
    private readonly ILogger _logger;
    private readonly NamedOptions<ForwardHandlerOptions> _options;
    private readonly RateLimiter[] _warnings;
    private string? _checkedTarget;
    private long _undelivered;

    /// <summary>Creates the handler registered as <paramref name="name"/>.</summary>
    /// <param name="name">The name it is registered under, which selects its options.</param>
    /// <param name="sender">Sends to the configured targets.</param>
    /// <param name="options">The named options.</param>
    /// <param name="logger">Where undelivered datagrams are reported.</param>
    /// <param name="timeProvider">The clock that paces warnings; the system clock when null.</param>
    /// <param name="meterFactory">Creates the <c>UnixDatagram</c> meter for the <c>unixdgram.forward.undelivered</c> counter; none when null.</param>
    /// <exception cref="OptionsValidationException">No target is configured; the failure names the configuration key.</exception>
    public ForwardHandler([ServiceKey] string name, IDatagramSender sender, IOptionsMonitor<ForwardHandlerOptions> options, ILogger<ForwardHandler> logger, TimeProvider? timeProvider = null, IMeterFactory? meterFactory = null)
    {
        _name = name ?? throw new ArgumentNullException(nameof(name));
        _sender = sender ?? throw new ArgumentNullException(nameof(sender));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _options = new NamedOptions<ForwardHandlerOptions>(options, name, ForwardHandlerOptionsValidator.Instance, logger);
        var time = timeProvider ?? TimeProvider.System;
        _warnings = [new(time, WarningInterval), new(time, WarningInterval), new(time, WarningInterval), new(time, WarningInterval), new(time, WarningInterval)];
        HandlerMetrics.Counter(meterFactory, name, "unixdgram.forward.undelivered", "{datagram}", "Datagrams not delivered: the target did not take them (congested under Fail, dropped, or the peer gone), or the kernel truncated them.", () => Undelivered);
    }

    /// <summary>Datagrams not delivered: the target did not take them (<see cref="SendResult.Congested"/>, <see cref="SendResult.Dropped"/> or <see cref="SendResult.PeerUnavailable"/>), or the kernel truncated them and they were not forwarded.</summary>
    public long Undelivered => Interlocked.Read(ref _undelivered);

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The configured target is not one of the sender's targets.</exception>
    public ValueTask HandleAsync(DatagramContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = CheckedTarget();

        // Only the start of a truncated datagram is here (WhenTruncated Deliver): forwarded, it would pass for the whole.
        if (context.IsTruncated)
        {
            Interlocked.Increment(ref _undelivered);
            if (_warnings[4].TryAcquire(out var suppressed))
            {
                ForwardHandlerLog.LogTruncated(_logger, context.EndpointName, target, context.Sender.ToString(), UnixCredentials.Describe(context.Credentials), context.Payload.Length, context.DatagramLength, suppressed);
            }

            return default;
        }

        // The sender copies the payload if it queues it, or (policy Wait, queue full) keeps it until this send
        // completes; this handler awaits the send, so the borrowed payload can be handed over as is.
        var sending = _sender.SendAsync(target, context.Payload, cancellationToken);
        if (sending.IsCompletedSuccessfully)
        {
            Report(context, target, sending.Result);
            return default;
        }

        return AwaitAsync(sending, context, target);
    }

    /// <summary>Stops following option reloads.</summary>
    public void Dispose() => _options.Dispose();

    private async ValueTask AwaitAsync(ValueTask<SendResult> sending, DatagramContext context, string target) =>
        Report(context, target, await sending.ConfigureAwait(false));

    private string CheckedTarget()
    {
        var target = _options.Current.Target;

        // A reference check: options objects are replaced, never changed, on reload, so a new value is checked anew.
        if (ReferenceEquals(target, Volatile.Read(ref _checkedTarget)))
        {
            return target;
        }

        if (!_sender.TargetNames.Contains(target, StringComparer.Ordinal))
        {
            var known = _sender.TargetNames.Count == 0 ? "none" : string.Join(", ", _sender.TargetNames.Order(StringComparer.Ordinal));
            throw new InvalidOperationException(
                $"The forward handler '{_name}' is configured to forward to target '{target}' ({HandlerOptionsKeys.Key(_name, nameof(ForwardHandlerOptions.Target))}), which is not a configured send target. Configured targets (Daemon:Targets): {known}.");
        }

        Volatile.Write(ref _checkedTarget, target);
        return target;
    }

    private void Report(DatagramContext context, string target, SendResult result)
    {
        if (result is SendResult.Sent or SendResult.Queued)
        {
            return;
        }

        Interlocked.Increment(ref _undelivered);

        var limiter = _warnings[result switch
        {
            SendResult.Congested => 0,
            SendResult.Dropped => 1,
            SendResult.PeerUnavailable => 2,
            _ => 3,
        }];
        if (limiter.TryAcquire(out var suppressed))
        {
            ForwardHandlerLog.LogNotDelivered(_logger, context.EndpointName, target, result, context.Payload.Length, suppressed);
        }
    }
}
