using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using UnixDatagram.Handlers;

namespace MyDaemon;

/// <summary>
/// Answers each datagram with its text in upper case. An unnamed sender (a socket that never bound) cannot be
/// answered: such datagrams are counted (<c>mydaemon.upper.unanswered</c>, which <c>dgramd stats</c> shows under
/// <c>handlers</c>) and warned about at most once per 10 seconds.
/// </summary>
public sealed class UppercaseHandler : IDatagramHandler
{
    private readonly ILogger _logger;
    private readonly RateLimiter _unnamedWarnings = new(TimeProvider.System, TimeSpan.FromSeconds(10));
    private long _unanswered;

    /// <summary>Creates the handler registered as <paramref name="name"/>, with its counter on the daemon's meter.</summary>
    public UppercaseHandler([ServiceKey] string name, ILogger<UppercaseHandler> logger, IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _logger = logger;
        meters.Create("UnixDatagram").CreateObservableCounter(
            "mydaemon.upper.unanswered",
            () => new Measurement<long>(Unanswered, new KeyValuePair<string, object?>("handler", name)),
            "{datagram}",
            "Datagrams not answered: their sender is unnamed.");
    }

    /// <summary>Datagrams not answered because their sender is unnamed.</summary>
    public long Unanswered => Interlocked.Read(ref _unanswered);

    /// <inheritdoc />
    public async ValueTask HandleAsync(DatagramContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.CanReply)
        {
            Interlocked.Increment(ref _unanswered);
            if (_unnamedWarnings.TryAcquire(out var suppressed))
            {
                _logger.LogWarning(
                    "Upper on {Endpoint}: the {Length}-byte datagram was not answered: its sender is unnamed ({Suppressed} more since the last report)",
                    context.EndpointName,
                    context.DatagramLength,
                    suppressed);
            }

            return;
        }

        var text = Encoding.UTF8.GetString(context.Payload.Span).ToUpperInvariant();
        await context.ReplyAsync(Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
    }
}
