namespace UnixDatagram.Daemon;

/// <summary>A <c>TimeAndLevel</c> property and the millisecond and level it renders (see <see cref="JournalPriorityEnricher"/>).</summary>
internal sealed record TimeAndLevelProperty(long Millisecond, LogEventLevel Level, LogEventProperty Property);
