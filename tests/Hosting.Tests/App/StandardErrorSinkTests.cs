using Serilog;
using Serilog.Events;
using UnixDatagram.Daemon;

namespace UnixDatagram.Hosting.Tests.App;

/// <summary>The daemon's log output (<c>WriteTo.StandardError</c>): asynchronous, batched, nothing dropped, nothing held back.</summary>
public sealed class StandardErrorSinkTests
{
    private const string Template = "{Message:l}{NewLine}";

    [Fact]
    public async Task Emit_OneEventThenIdle_WrittenWithoutWaitingForMore()
    {
        using var output = new GatedStream(open: true);
        using var logger = Create(output, queueCapacity: 100);

        logger.Information("alone {N}", 1);

        // Not FirstWrite: that completes as a write begins, before its bytes are kept.
        await output.FirstWritten.WaitAsync(ChildProcess.Timeout);
        Assert.Equal(["alone 1"], output.Lines());
    }

    [Fact]
    public async Task Emit_QueueFullWhileOutputBlocked_LoggingWaitsAndDropsNothing()
    {
        const int count = 2000;
        using var output = new GatedStream(open: false);
        // A small buffer: the writer fills it and blocks at the output after about 100 lines.
        var logger = Create(output, queueCapacity: 10, bufferSize: 1024);
        try
        {
            var logging = Task.Run(() =>
            {
                for (var i = 0; i < count; i++)
                {
                    logger.Information("line {N}", i);
                }
            });
            await output.FirstWrite.WaitAsync(ChildProcess.Timeout);
            Assert.False(logging.IsCompleted, "2000 events went into a queue of 10 while the output was blocked: some were dropped");

            output.Open();
            await logging.WaitAsync(ChildProcess.Timeout);
        }
        finally
        {
            output.Open();
            logger.Dispose();
        }

        Assert.Equal(Enumerable.Range(0, count).Select(i => $"line {i}"), output.Lines());
    }

    [Fact]
    public async Task Emit_OutputTakesNothingForStallTimeout_LoggingGoesOnAndWhatIsDroppedIsCounted()
    {
        const int count = 2000;
        using var output = new GatedStream(open: false);
        var losses = new List<LogOutputLoss>();
        var logger = await StalledAsync(output, count, losses);
        try
        {
            Assert.False(output.FirstWritten.IsCompleted, "the output took bytes: the test needs it blocked throughout");
        }
        finally
        {
            output.Open();
            logger.Dispose();
        }

        // What was queued before the stall is written, in order; the rest is counted, none lost without a word.
        var written = output.Lines();
        Assert.Equal(Enumerable.Range(0, written.Length).Select(i => $"line {i}"), written);
        var loss = Assert.Single(losses);
        Assert.Equal(count, written.Length + loss.Events);
    }

    [Fact]
    public async Task Emit_OutputTakesEventsAgainAfterAStall_FirstLineQueuedAfterItSaysHowManyWereDropped()
    {
        const int count = 2000;
        using var output = new GatedStream(open: false);
        var losses = new List<LogOutputLoss>();
        var logger = await StalledAsync(output, count, losses);
        try
        {
            output.Open();

            // Until the writer has taken half the queue, lines are still dropped; the first one queued after that
            // follows the count of what was dropped.
            var deadline = DateTime.UtcNow + ChildProcess.Timeout;
            for (var i = 0; !output.Lines().Any(l => l.StartsWith("after ", StringComparison.Ordinal)); i++)
            {
                Assert.True(DateTime.UtcNow < deadline, "the output took events again, but logging stayed stalled");
                logger.Information("after {N}", i);
            }
        }
        finally
        {
            output.Open();
            logger.Dispose();
        }

        var lines = output.Lines();
        var report = Array.FindIndex(lines, l => l.StartsWith("log output: ", StringComparison.Ordinal));
        Assert.True(report >= 0, string.Join("\n", lines.TakeLast(5)));
        Assert.StartsWith("after ", lines[report + 1], StringComparison.Ordinal);
        var match = System.Text.RegularExpressions.Regex.Match(lines[report], @"^log output: (\d+) events \((\d+) bytes\) dropped while stderr was stalled: it took nothing for stallTimeout \(00:00:00.2000000\)");
        Assert.True(match.Success, lines[report]);
        var written = lines.Count(l => l.StartsWith("line ", StringComparison.Ordinal));
        var dropped = long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var after = lines.Where(l => l.StartsWith("after ", StringComparison.Ordinal)).Select(l => int.Parse(l.AsSpan(6), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(count + after[^1] + 1, written + dropped + after.Count + losses.Sum(l => l.Events));
    }

    [Fact]
    public async Task Emit_QueuedEventsHoldQueueLimitBytesWhileOutputBlocked_LoggingWaitsThenResumes()
    {
        const int count = 50;
        const long limit = 65536;
        var text = new string('x', 10_000);
        using var output = new GatedStream(open: false);

        // Room for 10000 events but 64 KiB: three events of 10000 characters (20 KB each, as .NET holds them) fill it.
        var logger = Create(output, queueCapacity: 10000, bufferSize: 1024, queueLimitBytes: limit);
        var accepted = 0;
        var logging = new Thread(() =>
        {
            for (var i = 0; i < count; i++)
            {
                logger.Information("big {N} {Text}", i, text);
                Volatile.Write(ref accepted, i + 1);
            }
        }) { IsBackground = true, Name = "logging" };
        try
        {
            logging.Start();
            await output.FirstWrite.WaitAsync(ChildProcess.Timeout);

            // The writer holds the first event at the blocked output; the logging thread queues until the bytes are
            // reached, then waits (or, without a byte bound, queues all 50 and ends).
            using (var timeout = new CancellationTokenSource(ChildProcess.Timeout))
            {
                while ((logging.ThreadState & ThreadState.WaitSleepJoin) == 0 && logging.IsAlive)
                {
                    await Task.Delay(10, timeout.Token);
                }
            }

            Assert.True(logging.IsAlive, "50 events of 20 KB each went into a queue bounded at 64 KiB while the output was blocked");
            var queued = Volatile.Read(ref accepted);
            var eventBytes = LogEventSize.Estimate(Event("big {N}", 0)) + LogEventSize.ValueOverhead + (2 * text.Length);
            Assert.InRange(queued, 1, limit / eventBytes);

            output.Open();
            Assert.True(logging.Join(ChildProcess.Timeout), "logging did not resume once the output was read");
        }
        finally
        {
            output.Open();
            logger.Dispose();
        }

        Assert.Equal(Enumerable.Range(0, count).Select(i => $"big {i} {text}"), output.Lines());
    }

    [Fact]
    public void Emit_EventLargerThanQueueLimitBytes_WrittenAlone()
    {
        using var output = new GatedStream(open: true);
        var text = new string('y', 5000);
        var logger = Create(output, queueCapacity: 100, queueLimitBytes: 1024);
        try
        {
            logger.Information("first {Text}", text);
            logger.Information("second {Text}", text);
        }
        finally
        {
            logger.Dispose();
        }

        Assert.Equal([$"first {text}", $"second {text}"], output.Lines());
    }

    [Fact]
    public async Task Emit_ManyEventsQueued_WrittenInFewWritesAndAllFlushedAtDispose()
    {
        const int count = 5000;
        using var output = new GatedStream(open: false);
        var logger = Create(output, queueCapacity: count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                logger.Information("line {N}", i);
            }

            await output.FirstWrite.WaitAsync(ChildProcess.Timeout);
        }
        finally
        {
            output.Open();
            logger.Dispose();
        }

        // 5000 lines of 10 bytes: the one write that found the output blocked, then 65536-character buffers.
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"line {i}"), output.Lines());
        Assert.InRange(output.Writes, 1, 5);
    }

    [Fact]
    public async Task Dispose_OutputBlockedPastDrainTimeout_ReturnsAndCountsEveryEventNotWritten()
    {
        const int count = 100;
        using var output = new GatedStream(open: false);
        var losses = new List<LogOutputLoss>();
        var logger = Create(output, queueCapacity: 1000, drainTimeout: TimeSpan.FromMilliseconds(100), onLoss: losses.Add);
        try
        {
            for (var i = 0; i < count; i++)
            {
                logger.Information("line {N}", i);
            }

            await output.FirstWrite.WaitAsync(ChildProcess.Timeout);

            // Without a bound, dispose joins a writer blocked at the output for as long as the output stays shut.
            await Task.Run(logger.Dispose).WaitAsync(ChildProcess.Timeout);
        }
        finally
        {
            output.Open();
        }

        var loss = Assert.Single(losses);
        Assert.Equal(count, loss.Events);
        Assert.Equal(Enumerable.Range(0, count).Sum(i => LogEventSize.Estimate(Event("line {N}", i))), loss.Bytes);
        Assert.Equal(TimeSpan.FromMilliseconds(100), loss.DrainTimeout);
    }

    [Fact]
    public async Task Dispose_OutputSlowButWritingWithinDrainTimeout_EverythingWrittenNothingReported()
    {
        const int count = 2000;
        using var output = new GatedStream(open: false);
        var logger = Create(output, queueCapacity: count, bufferSize: 1024, drainTimeout: ChildProcess.Timeout);
        for (var i = 0; i < count; i++)
        {
            logger.Information("line {N}", i);
        }

        await output.FirstWrite.WaitAsync(ChildProcess.Timeout);
        var disposing = Task.Run(logger.Dispose);
        output.Open();
        await disposing.WaitAsync(ChildProcess.Timeout);

        Assert.Equal(Enumerable.Range(0, count).Select(i => $"line {i}"), output.Lines());
    }

    [Fact]
    public void Emit_LastQueuedEventFailsToRender_LinesBeforeItWrittenAndNoPartOfIt()
    {
        using var output = new GatedStream(open: true);
        using var sink = new StandardErrorSink(new Serilog.Formatting.Display.MessageTemplateTextFormatter(Template, System.Globalization.CultureInfo.InvariantCulture), output, 1024);
        var queue = new Queue { Count = 1 };
        sink.StartMonitoring(queue);

        sink.Emit(Event("before {N}", 1));
        queue.Count = 0;

        // A format string the value does not take: rendering throws after "broken " (as a handler's own log call can).
        Assert.Throws<FormatException>(() => sink.Emit(Event("broken {N:Q}", 2)));
        Assert.Equal(["before 1"], output.Lines());
        sink.Emit(Event("after {N}", 3));
        Assert.Equal(["before 1", "after 3"], output.Lines());
    }

    /// <summary>
    /// A logger over <paramref name="output"/>, which takes nothing, with a queue of 10 and a stallTimeout of 200 ms,
    /// after <paramref name="count"/> lines were logged to it: once the first few fill the queue, the logging thread
    /// waits once, for stallTimeout, and then drops the rest without waiting.
    /// </summary>
    private static async Task<Serilog.Core.Logger> StalledAsync(GatedStream output, int count, List<LogOutputLoss> losses)
    {
        var logger = Create(output, queueCapacity: 10, bufferSize: 1024, onLoss: losses.Add, stallTimeout: TimeSpan.FromMilliseconds(200));
        await Task.Run(() =>
        {
            for (var i = 0; i < count; i++)
            {
                logger.Information("line {N}", i);
            }
        }).WaitAsync(ChildProcess.Timeout);
        return logger;
    }

    private static LogEvent Event(string template, int value) =>
        new(DateTimeOffset.UtcNow, LogEventLevel.Information, null, new Serilog.Parsing.MessageTemplateParser().Parse(template), [new LogEventProperty("N", new ScalarValue(value))]);

    private static Serilog.Core.Logger Create(
        Stream output, int queueCapacity, int bufferSize = 65536, long queueLimitBytes = StandardErrorLoggerConfigurationExtensions.DefaultQueueLimitBytes,
        TimeSpan? drainTimeout = null, Action<LogOutputLoss>? onLoss = null, TimeSpan? stallTimeout = null) =>
        StandardErrorSink.AddTo(
                new LoggerConfiguration().MinimumLevel.Verbose().WriteTo, output, Template, null, queueCapacity, queueLimitBytes, bufferSize, LogEventLevel.Verbose,
                drainTimeout ?? ChildProcess.Timeout, onLoss ?? (loss => Assert.Fail($"nothing was to be lost: {loss.Describe()}")), stallTimeout ?? ChildProcess.Timeout)
            .CreateLogger();

    /// <summary>The asynchronous wrapper's queue as the sink sees it: how many events wait behind the one it writes.</summary>
    private sealed class Queue : Serilog.Sinks.Async.IAsyncLogEventSinkInspector
    {
        public int BufferSize => 10;

        public int Count { get; set; }

        public long DroppedMessagesCount => 0;
    }
}
