using Serilog.Core;

namespace UnixDatagram.Daemon;

/// <summary>
/// Sits in front of the asynchronous wrapper and holds a logging thread back while the events queued behind it hold
/// <see cref="QueueByteBudget.Limit"/> bytes; <see cref="StandardErrorSink"/> gives each event's bytes back once it
/// is written. The wrapper bounds the queue by events, this by bytes: a few large events (a syslog message of 64 KiB,
/// escaped) no longer fill memory. The budget also bounds the events (<c>queueCapacity</c>) itself, counting those
/// the writer holds as well, so the wrapper's own bound never blocks: every wait for room is one this sink can end.
/// A stop bounds those waits and the drain in time (<c>drainTimeout</c>).
/// </summary>
internal sealed class QueueByteBoundSink : ILogEventSink, IDisposable
{
    private readonly ILogEventSink _queue;
    private readonly QueueByteBudget _budget;
    private readonly StandardErrorSink _output;
    private readonly TimeSpan _drainTimeout;
    private readonly Action<LogOutputLoss> _onLoss;
    private int _disposed;

    /// <summary>Creates the bound in front of <paramref name="queue"/>, which it disposes.</summary>
    /// <param name="queue">The asynchronous wrapper around <paramref name="output"/>.</param>
    /// <param name="budget">The bytes the queued events may hold.</param>
    /// <param name="output">The sink behind the wrapper, abandoned when the drain at dispose takes too long.</param>
    /// <param name="drainTimeout">How long dispose waits for the queue to be written.</param>
    /// <param name="onLoss">Told what was not written when <paramref name="drainTimeout"/> passed.</param>
    public QueueByteBoundSink(ILogEventSink queue, QueueByteBudget budget, StandardErrorSink output, TimeSpan drainTimeout, Action<LogOutputLoss> onLoss)
    {
        _queue = queue ?? throw new ArgumentNullException(nameof(queue));
        _budget = budget ?? throw new ArgumentNullException(nameof(budget));
        _output = output ?? throw new ArgumentNullException(nameof(output));
        ArgumentOutOfRangeException.ThrowIfLessThan(drainTimeout, TimeSpan.Zero);
        _drainTimeout = drainTimeout;
        _onLoss = onLoss ?? throw new ArgumentNullException(nameof(onLoss));
        LogOutputDrain.Add(this);
    }

    /// <inheritdoc />
    public void Emit(LogEvent logEvent)
    {
        var bytes = LogEventSize.Estimate(logEvent);
        if (!_budget.Acquire(bytes))
        {
            return; // no room past the stop's deadline: counted as dropped, reported at dispose
        }

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
    /// Drains the queue behind (it takes nothing new once disposal starts) for at most the drain timeout, and not at all
    /// when logging already found no room past the stop's deadline (the output took nothing for that long); if events
    /// are left then, stops writing (the worker stays blocked in its write until the process exits). What was not
    /// written, or was dropped at stop, is counted and reported. Then lets any thread still waiting through, to a
    /// queue that no longer takes events.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        LogOutputDrain.Remove(this);
        try
        {
            _budget.BeginStop(_drainTimeout);
            var wait = _budget.Dropped > 0 ? TimeSpan.Zero : _drainTimeout;

            // The wrapper's dispose joins its worker without a timeout, so it runs on a thread that may be left behind.
            var drain = Task.Factory.StartNew(
                () => (_queue as IDisposable)?.Dispose(),
                CancellationToken.None,
                TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach,
                TaskScheduler.Default);
            bool drained;
            try
            {
                drained = drain.Wait(wait);
            }
            catch (AggregateException)
            {
                drained = true; // rethrown below as itself, not wrapped
            }

            if (drained)
            {
                drain.GetAwaiter().GetResult();
            }
            else
            {
                _output.Abandon();
            }

            // Written events gave their bytes back: what is still taken was not written (or reached the wrapper after
            // it closed), and what found no room was dropped.
            var events = _budget.Events + _budget.Dropped;
            if (events > 0)
            {
                _onLoss(new LogOutputLoss(events, _budget.Used + _budget.DroppedBytes, _drainTimeout));
            }
        }
        finally
        {
            _budget.Close();
        }
    }

    /// <summary>
    /// The host is stopping: from now on a logging thread waits for room at most <c>drainTimeout</c>, so that a line
    /// logged during the stop (the host's own "shutting down", a handler's) cannot hold it when stderr is not read.
    /// </summary>
    public void BeginStop() => _budget.BeginStop(_drainTimeout);
}
