using Serilog.Core;

namespace UnixDatagram.Daemon;

/// <summary>
/// Sits in front of the asynchronous wrapper and holds a logging thread back while the events queued behind it hold
/// <see cref="QueueByteBudget.Limit"/> bytes; <see cref="StandardErrorSink"/> gives each event's bytes back once it
/// is written. The wrapper bounds the queue by events, this by bytes: a few large events (a syslog message of 64 KiB,
/// escaped) no longer fill memory, and the drain at stop is at most the limit.
/// </summary>
internal sealed class QueueByteBoundSink : ILogEventSink, IDisposable
{
    private readonly ILogEventSink _queue;
    private readonly QueueByteBudget _budget;

    /// <summary>Creates the bound in front of <paramref name="queue"/>, which it disposes.</summary>
    public QueueByteBoundSink(ILogEventSink queue, QueueByteBudget budget)
    {
        _queue = queue ?? throw new ArgumentNullException(nameof(queue));
        _budget = budget ?? throw new ArgumentNullException(nameof(budget));
    }

    /// <inheritdoc />
    public void Emit(LogEvent logEvent)
    {
        var bytes = LogEventSize.Estimate(logEvent);
        _budget.Acquire(bytes);
        try
        {
            _queue.Emit(logEvent);
        }
        catch
        {
            _budget.Release(bytes);
            throw;
        }
    }

    /// <summary>
    /// Drains the queue behind (at most the byte limit: it takes nothing new once disposal starts), then lets any
    /// thread still waiting through, to a queue that no longer takes events.
    /// </summary>
    public void Dispose()
    {
        try
        {
            (_queue as IDisposable)?.Dispose();
        }
        finally
        {
            _budget.Close();
        }
    }
}
