using Serilog.Core;

namespace UnixDatagram.Daemon;

/// <summary>
/// Adds <c>JournalPriority</c>, a <c>&lt;N&gt;</c> syslog priority prefix (sd-daemon(3)) when stderr goes to the
/// journal (systemd sets <c>JOURNAL_STREAM</c>), so <c>journalctl -p warning</c> works, and empty otherwise; and
/// <c>TimeAndLevel</c>, <c>HH:mm:ss.fff LVL </c> on a terminal and empty under the journal, which records both itself.
/// </summary>
/// <remarks>
/// Under load many events share a millisecond and a level: they share one <c>TimeAndLevel</c> property (properties
/// are immutable), so the enricher allocates once per millisecond and level, not once per event.
/// </remarks>
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

    private static readonly string[] Levels = ["VRB", "DBG", "INF", "WRN", "ERR", "FTL"];

    private static readonly LogEventProperty NoTimeAndLevel = new("TimeAndLevel", new ScalarValue(string.Empty));

    // The last TimeAndLevel made, with the millisecond (of the timestamp's clock time) and level it renders.
    private volatile TimeAndLevelProperty? _last;

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        logEvent.AddPropertyIfAbsent(Prefixes[(int)logEvent.Level]);
        logEvent.AddPropertyIfAbsent(UnderJournal ? NoTimeAndLevel : TimeAndLevel(logEvent.Timestamp, logEvent.Level));
    }

    private LogEventProperty TimeAndLevel(DateTimeOffset timestamp, LogEventLevel level)
    {
        var millisecond = timestamp.Ticks / TimeSpan.TicksPerMillisecond;
        if (_last is { } last && last.Millisecond == millisecond && last.Level == level)
        {
            return last.Property;
        }

        var property = new LogEventProperty("TimeAndLevel", new ScalarValue(timestamp.ToString("HH:mm:ss.fff ", CultureInfo.InvariantCulture) + Levels[(int)level] + " "));
        _last = new TimeAndLevelProperty(millisecond, level, property);
        return property;
    }
}
