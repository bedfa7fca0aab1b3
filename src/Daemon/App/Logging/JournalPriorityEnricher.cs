using Serilog.Core;
using Serilog.Events;

namespace UnixDatagram.Daemon;

/// <summary>
/// Adds <c>JournalPriority</c>: a <c>&lt;N&gt;</c> syslog priority prefix when stderr goes to the journal
/// (systemd sets <c>JOURNAL_STREAM</c>), so <c>journalctl -p warning</c> works; empty otherwise.
/// </summary>
internal sealed class JournalPriorityEnricher : ILogEventEnricher
{
    private static readonly bool UnderJournal = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("JOURNAL_STREAM"));

    private static readonly LogEventProperty[] Prefixes =
    [
        new("JournalPriority", new ScalarValue(UnderJournal ? "<7>" : string.Empty)), // Verbose
        new("JournalPriority", new ScalarValue(UnderJournal ? "<7>" : string.Empty)), // Debug
        new("JournalPriority", new ScalarValue(UnderJournal ? "<6>" : string.Empty)), // Information
        new("JournalPriority", new ScalarValue(UnderJournal ? "<4>" : string.Empty)), // Warning
        new("JournalPriority", new ScalarValue(UnderJournal ? "<3>" : string.Empty)), // Error
        new("JournalPriority", new ScalarValue(UnderJournal ? "<2>" : string.Empty)), // Fatal
    ];

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory) =>
        logEvent.AddPropertyIfAbsent(Prefixes[(int)logEvent.Level]);
}
