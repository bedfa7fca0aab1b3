using Serilog.Configuration;
using UnixDatagram.Daemon;

namespace Serilog;

/// <summary>
/// <c>WriteTo.StandardError()</c>: the daemon's log output, for <c>appsettings.json</c>
/// (<c>"WriteTo": [ { "Name": "StandardError", "Args": { ... } } ]</c>).
/// </summary>
public static class StandardErrorLoggerConfigurationExtensions
{
    /// <summary>
    /// The bytes queued events may hold when <c>queueLimitBytes</c> is not configured: 16 MiB, so that
    /// <c>queueCapacity</c>'s 10,000 ordinary events (about 1 KiB each as estimated) still fit, while events that
    /// carry large values are held to 16 MiB, not 10,000 of them.
    /// </summary>
    public const long DefaultQueueLimitBytes = 16L * 1024 * 1024;

    /// <summary>
    /// How long the stop waits for the queued events to be written when <c>drainTimeout</c> is not configured: 10
    /// seconds. With <c>Daemon:ShutdownTimeout</c>'s 10 seconds for in-flight handlers before it, a stop takes at most
    /// about 20 seconds, within <c>TimeoutStopSec=30</c> of <c>dgramd.service</c> (and systemd's default of 90), so
    /// the daemon reports its own loss instead of being killed; and a reader that is merely slow (16 MiB queued took
    /// 6 seconds through one) loses nothing.
    /// </summary>
    public static readonly TimeSpan DefaultDrainTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long a logging thread waits for room in a full queue before the output counts as stalled.</summary>
    public static readonly TimeSpan DefaultStallTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The output template when none is configured.</summary>
    public const string DefaultOutputTemplate = "{JournalPriority}{TimeAndLevel}{SourceContext}: {Message:l}{NewLine}{Exception}";

    /// <summary>
    /// Writes events to stderr (the journal under systemd) asynchronously: the logging thread only queues the event
    /// (Serilog.Sinks.Async, blocking while <paramref name="queueCapacity"/> events wait or while the waiting events
    /// hold <paramref name="queueLimitBytes"/>, so nothing is dropped while stderr takes lines and memory stays bounded;
    /// for at most <paramref name="stallTimeout"/>, after which a stalled stderr's lines are dropped and counted), and
    /// one worker thread formats the events and writes them in batches of up to <paramref name="bufferSize"/>
    /// characters, flushing whenever the queue runs empty. What is queued is written when the logger is disposed (the
    /// daemon's stop), for at most <paramref name="drainTimeout"/>.
    /// </summary>
    /// <param name="sinkConfiguration">The <c>WriteTo</c> configuration.</param>
    /// <param name="outputTemplate">Serilog output template for each line; <see cref="DefaultOutputTemplate"/> by default.</param>
    /// <param name="formatProvider">Culture for rendering values; the invariant culture by default.</param>
    /// <param name="queueCapacity">Events waiting for the writer before logging blocks; default 10000.</param>
    /// <param name="queueLimitBytes">
    /// Bytes the waiting events may hold before logging blocks, estimated before they are rendered (two bytes a
    /// character of each property value, 32 bytes per other value, 256 per event); default 16777216 (16 MiB). One event
    /// larger than this still passes, alone. It also bounds what is written at stop.
    /// </param>
    /// <param name="bufferSize">Characters gathered into one write; default 65536.</param>
    /// <param name="drainTimeout">
    /// How long the stop waits for stderr: once it begins, logging waits for room in a full queue at most this long;
    /// once the host has stopped, the drain of the queue at most this long again (not at all if logging already found
    /// no room). Default <see cref="DefaultDrainTimeout"/> (10 seconds); <c>00:00:00</c> does not wait. When events are
    /// left, the process exits anyway and reports how many events (and bytes, as <paramref name="queueLimitBytes"/>
    /// counts them) were not written: exit code 74 (<c>EX_IOERR</c>) in place of 0, <c>STATUS=</c> to systemd, and a
    /// last line on stderr if it takes one.
    /// </param>
    /// <param name="restrictedToMinimumLevel">Lowest level written; all by default.</param>
    /// <param name="stallTimeout">
    /// How long a logging thread waits for room in a full queue. An output that takes nothing that long is stalled (a
    /// paused pager, a stuck pipe): from then on events are dropped without waiting and counted, until it has taken
    /// half the queue; then a warning line says how many (and their bytes) were dropped, and what is not yet said is in
    /// the report at stop. Without this bound every thread that logs (a receive thread, so every endpoint on it, and the
    /// control socket) would wait for stderr. Default <see cref="DefaultStallTimeout"/> (10 seconds); it must be positive.
    /// </param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration StandardError(
        this LoggerSinkConfiguration sinkConfiguration,
        string outputTemplate = DefaultOutputTemplate,
        IFormatProvider? formatProvider = null,
        int queueCapacity = 10000,
        long queueLimitBytes = DefaultQueueLimitBytes,
        int bufferSize = 65536,
        LogEventLevel restrictedToMinimumLevel = LogEventLevel.Verbose,
        TimeSpan? drainTimeout = null,
        TimeSpan? stallTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(sinkConfiguration);
        var stall = stallTimeout ?? DefaultStallTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(stall, TimeSpan.Zero, nameof(stallTimeout));
        return StandardErrorSink.AddTo(
            sinkConfiguration, Console.OpenStandardError(), outputTemplate, formatProvider, queueCapacity, queueLimitBytes, bufferSize, restrictedToMinimumLevel,
            drainTimeout ?? DefaultDrainTimeout, stallTimeout: stall);
    }
}
