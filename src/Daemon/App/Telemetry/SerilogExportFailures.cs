using System.Text.RegularExpressions;
using Serilog.Debugging;

namespace UnixDatagram.Daemon;

/// <summary>
/// Serilog.Sinks.OpenTelemetry (the log's export) sends through its own HTTP or gRPC client, not the OpenTelemetry
/// SDK's exporter, and its batches through Serilog's <c>BatchingSink</c>, which reports a batch that failed to
/// <see cref="SelfLog.FailureListener"/>: a line on <see cref="SelfLog"/>, "<c>BatchingSink: failed emitting a batch
/// (Temporary, N events)</c>" and the exception. (The sink does not pass a listener of its own on to its batching
/// sink, so <c>WriteTo.Fallible</c> cannot reach it.) Each such line goes to the logs <see cref="ExportFailureReport"/>;
/// the records it gives up after failures are counted on the line.
/// </summary>
/// <remarks>
/// The report's line is a log event: it joins the queue of the sink that failed and is exported with the next batch,
/// which the batching sink sends on its own schedule (backing off while the collector is away), so the line about a
/// failure never causes an export itself.
/// </remarks>
internal static partial class SerilogExportFailures
{
    /// <summary>Takes Serilog's self-log for <paramref name="report"/> until <see cref="Stop"/>.</summary>
    public static void Start(ExportFailureReport report) => SelfLog.Enable(message => Write(report, message));

    /// <summary>
    /// Stops feeding the report, which is disposed with the host before the log's last batch is sent: from here on a
    /// batch that fails, or the records given up at stop, are said on stderr (the journal under systemd), not lost.
    /// </summary>
    public static void Stop() => SelfLog.Enable(message =>
    {
        var header = Header().Match(message);
        if (header.Success)
        {
            Console.Error.WriteLine($"OpenTelemetry logs export at stop: {header.Groups["kind"].Value} ({header.Groups["events"].Value} log records): {ExportFailureReason.Describe(message[(header.Index + header.Length)..])}");
        }
    });

    private static void Write(ExportFailureReport report, string message)
    {
        var header = Header().Match(message);
        if (!header.Success)
        {
            return;
        }

        var reason = ExportFailureReason.Describe(message[(header.Index + header.Length)..]);
        var kind = header.Groups["kind"].Value;
        var events = long.TryParse(header.Groups["events"].ValueSpan, CultureInfo.InvariantCulture, out var count) ? count : 0;
        if (kind.StartsWith("failed", StringComparison.Ordinal))
        {
            report.Failed($"a batch of {header.Groups["events"].Value} log records: {reason}");
        }

        if (kind.Contains("dropping", StringComparison.Ordinal))
        {
            // After repeated failures (RetryTimeLimit) or at stop, the batching sink gives the records up.
            report.GaveUp(events, $"{kind}: {reason}");
        }
    }

    // SelfLog.FailureListener's format: "{time:o} {sender type}: {message} ({kind}, {count} events)", then the exception.
    [GeneratedRegex(@"Sinks\.Batching\.BatchingSink: (?<kind>failed emitting a batch during shutdown; dropping remaining queued events|failed emitting a batch|dropping the current batch|dropping all queued events) \((?:Temporary|Permanent|Final), (?<events>\d+|unspecified) events\)\r?\n?")]
    private static partial Regex Header();
}
