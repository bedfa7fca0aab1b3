using Serilog.Core;

namespace UnixDatagram.Daemon;

/// <summary>
/// Sits in front of the asynchronous wrapper and holds a logging thread back while the events queued behind it hold
/// <see cref="QueueByteBudget.Limit"/> bytes; <see cref="StandardErrorSink"/> gives each event's bytes back once it
/// is written. The wrapper bounds the queue by events, this by bytes: a few large events (a syslog message of 64 KiB,
/// escaped) no longer fill memory. The budget also bounds the events (<c>queueCapacity</c>) itself, counting those
/// the writer holds as well, so the wrapper's own bound never blocks: every wait for room is one this sink can end.
/// A wait is bounded by <c>stallTimeout</c> (an output that takes nothing that long drops and counts events until it
/// has taken half the queue, then says how many), and a stop bounds the waits and the drain (<c>drainTimeout</c>).
/// </summary>
internal sealed class QueueByteBoundSink : ILogEventSink, IDisposable
{
    private readonly ILogEventSink _queue;
    private readonly QueueByteBudget _budget;
    private readonly StandardErrorSink _output;
    private readonly TimeSpan _drainTimeout;
    private readonly Action<LogOutputLoss> _onLoss;
    private readonly TimeSpan _stallTimeout;
    private readonly JournalPriorityEnricher _enricher = new();
    private int _disposed;

    private static readonly Serilog.Events.MessageTemplate StallLossTemplate = new Serilog.Parsing.MessageTemplateParser().Parse(
        "log output: {Events} events ({Bytes} bytes) dropped while stderr was stalled: it took nothing for stallTimeout ({StallTimeout}), and lines were dropped until it had taken half the queue");

    /// <summary>Creates the bound in front of <paramref name="queue"/>, which it disposes.</summary>
    /// <param name="queue">The asynchronous wrapper around <paramref name="output"/>.</param>
    /// <param name="budget">The bytes the queued events may hold.</param>
    /// <param name="output">The sink behind the wrapper, abandoned when the drain at dispose takes too long.</param>
    /// <param name="drainTimeout">How long dispose waits for the queue to be written.</param>
    /// <param name="onLoss">Told what was not written when <paramref name="drainTimeout"/> passed.</param>
    /// <param name="stallTimeout">The <paramref name="budget"/>'s stall timeout, for the line that reports a stall's loss.</param>
    public QueueByteBoundSink(ILogEventSink queue, QueueByteBudget budget, StandardErrorSink output, TimeSpan drainTimeout, Action<LogOutputLoss> onLoss, TimeSpan stallTimeout)
    {
        _stallTimeout = stallTimeout;
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
            return; // no room within the stall timeout, or past the stop's deadline: counted, reported later
        }

        if (_budget.TakeStallLoss(out var lost, out var lostBytes))
        {
            // The output takes events again: its first line says what it did not get.
            var loss = StallLoss(logEvent.Timestamp, lost, lostBytes);
            var lossBytes = LogEventSize.Estimate(loss);
            _budget.Take(lossBytes);
            Queue(loss, lossBytes);
        }

        Queue(logEvent, bytes);
    }

    private void Queue(LogEvent logEvent, long bytes)
    {
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

    /// <summary>A warning, as the daemon's own lines are, that <paramref name="events"/> were dropped while stderr took nothing.</summary>
    private LogEvent StallLoss(DateTimeOffset timestamp, long events, long bytes)
    {
        var loss = new LogEvent(
            timestamp,
            LogEventLevel.Warning,
            null,
            StallLossTemplate,
            [
                new LogEventProperty("SourceContext", new ScalarValue(typeof(StandardErrorSink).FullName)),
                new LogEventProperty("Events", new ScalarValue(events)),
                new LogEventProperty("Bytes", new ScalarValue(bytes)),
                new LogEventProperty("StallTimeout", new ScalarValue(_stallTimeout.ToString("c", CultureInfo.InvariantCulture))),
            ]);
        _enricher.Enrich(loss, null!);
        return loss;
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
            var (stallEvents, stallBytes) = _budget.UntoldStallLoss();
            var events = _budget.Events + _budget.Dropped + stallEvents;
            if (events > 0)
            {
                _onLoss(new LogOutputLoss(events, _budget.Used + _budget.DroppedBytes + stallBytes, _drainTimeout));
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
