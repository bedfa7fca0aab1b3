using Serilog.Configuration;
using Serilog.Core;
using Serilog.Formatting;
using Serilog.Formatting.Display;
using Serilog.Sinks.Async;

namespace UnixDatagram.Daemon;

/// <summary>
/// Writes formatted events to a stream (the daemon's stderr) through a buffer, and flushes it when the queue of the
/// <see cref="Serilog.LoggerConfigurationAsyncExtensions.Async(Serilog.Configuration.LoggerSinkConfiguration, Action{Serilog.Configuration.LoggerSinkConfiguration}, int, bool, IAsyncLogEventSinkMonitor)">asynchronous
/// wrapper</see> in front of it runs empty, when the buffer is full, and at dispose: under load one <c>write(2)</c>
/// carries many lines, and a line never waits in the buffer while the daemon is idle.
/// </summary>
/// <remarks>
/// Serilog's console sink flushes after every event (one system call per line), its file sink cannot write to a pipe
/// or to the journal's stream socket, and Serilog's own batching sink drops events when its queue is full; hence this
/// sink behind Serilog.Sinks.Async, which blocks the logging thread when its queue is full instead of dropping.
/// Events arrive from the wrapper's one worker thread, so nothing here is locked.
/// </remarks>
internal sealed class StandardErrorSink : ILogEventSink, IAsyncLogEventSinkMonitor, IDisposable
{
    private readonly ITextFormatter _formatter;
    private readonly StreamWriter _writer;
    private readonly StringWriter _line = new(CultureInfo.InvariantCulture);
    private readonly QueueByteBudget? _budget;
    private readonly int _bufferSize;
    private volatile IAsyncLogEventSinkInspector? _queue;
    private volatile bool _abandoned;
    private bool _disposed;

    // The events in the writer's buffer, not yet out of it: their count, estimated bytes (given back to the budget
    // once they are written) and characters.
    private long _batchEvents;
    private long _batchBytes;
    private int _batchChars;

    /// <summary>Creates the sink.</summary>
    /// <param name="formatter">Renders one event as one line (with its newline).</param>
    /// <param name="output">Where the lines go; left open at dispose.</param>
    /// <param name="bufferSize">Characters held before a write, at least one line's worth.</param>
    /// <param name="budget">The queue's byte bound, given back each event's bytes once it is written; none when null.</param>
    public StandardErrorSink(ITextFormatter formatter, Stream output, int bufferSize, QueueByteBudget? budget = null)
    {
        _budget = budget;
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 1024);
        _bufferSize = bufferSize;
        _formatter = formatter ?? throw new ArgumentNullException(nameof(formatter));
        _writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize, leaveOpen: true)
        {
            AutoFlush = false,
        };
    }

    /// <summary>
    /// Adds the sink writing to <paramref name="output"/> behind Serilog.Sinks.Async; see
    /// <see cref="Serilog.StandardErrorLoggerConfigurationExtensions.StandardError"/>.
    /// </summary>
    public static LoggerConfiguration AddTo(
        LoggerSinkConfiguration sinkConfiguration, Stream output, string outputTemplate, IFormatProvider? formatProvider,
        int queueCapacity, long queueLimitBytes, int bufferSize, LogEventLevel restrictedToMinimumLevel, TimeSpan drainTimeout,
        Action<LogOutputLoss>? onLoss = null, TimeSpan? stallTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(sinkConfiguration);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueLimitBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(drainTimeout, TimeSpan.Zero);
        var stall = stallTimeout ?? Timeout.InfiniteTimeSpan;
        var formatter = new MessageTemplateTextFormatter(outputTemplate, formatProvider ?? CultureInfo.InvariantCulture);
        var budget = new QueueByteBudget(queueLimitBytes, queueCapacity, stall);
        var sink = new StandardErrorSink(formatter, output, bufferSize, budget);

        // The level is checked in front of the byte bound: every event that takes bytes reaches this sink, which
        // gives them back.
        var queue = LoggerSinkConfiguration.CreateSink(wrapped => wrapped.Async(
            inner => inner.Sink(sink),
            bufferSize: queueCapacity,
            blockWhenFull: true,
            monitor: sink));
        onLoss ??= loss => LogOutputDrain.Report(loss, output);
        return sinkConfiguration.Sink(new QueueByteBoundSink(queue, budget, sink, drainTimeout, onLoss, stall), restrictedToMinimumLevel);
    }

    /// <inheritdoc />
    public void Emit(LogEvent logEvent)
    {
        var bytes = LogEventSize.Estimate(logEvent);
        if (_abandoned)
        {
            // Its bytes stay taken: it is one of the events counted as not written.
            return;
        }

        if (_disposed)
        {
            _budget?.Release(bytes);
            return;
        }

        // Rendered whole before it joins the buffer: an event that fails to render (a format string its value does
        // not take) leaves no half line, and the lines buffered before it are still flushed when the queue is empty.
        _line.GetStringBuilder().Clear();
        var buffered = false;
        try
        {
            _formatter.Format(logEvent, _line);
            var line = _line.GetStringBuilder();

            // A batch goes out in one write only when it fits the buffer: the writer's own flush when its buffer
            // fills would leave no way to tell which events are out.
            if (_batchEvents > 0 && _batchChars + line.Length > _bufferSize)
            {
                WriteBatch();
            }

            _batchEvents++;
            _batchBytes += bytes;
            _batchChars += line.Length;
            buffered = true;
            _writer.Write(line);
        }
        finally
        {
            if (!buffered)
            {
                _budget?.Release(bytes);
            }

            if (_queue is not { Count: > 0 })
            {
                WriteBatch();
            }
        }
    }

    /// <summary>
    /// Stops writing: the events still queued, and the batch whose write has not returned, are not written; their
    /// bytes stay counted in the budget. Called from another thread while this one may be blocked in a write.
    /// </summary>
    public void Abandon() => _abandoned = true;

    /// <inheritdoc />
    public void StartMonitoring(IAsyncLogEventSinkInspector inspector) => _queue = inspector;

    /// <inheritdoc />
    public void StopMonitoring(IAsyncLogEventSinkInspector inspector) => _queue = null;

    /// <summary>Writes what is buffered, unless abandoned; the stream stays open.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_abandoned)
        {
            WriteBatch();
            _writer.Dispose();
        }

        _line.Dispose();
    }

    /// <summary>Writes the buffered lines (one <c>write(2)</c> while they fit the buffer) and gives their bytes back.</summary>
    private void WriteBatch()
    {
        if (_abandoned)
        {
            return;
        }

        try
        {
            _writer.Flush();
        }
        finally
        {
            // Written, or failed (the wrapper reports the failure): either way no longer waiting.
            if (_batchEvents > 0)
            {
                _budget?.Release(_batchBytes, _batchEvents);
            }

            _batchEvents = 0;
            _batchBytes = 0;
            _batchChars = 0;
        }
    }
}
