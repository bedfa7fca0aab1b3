using Serilog.Events;
using Serilog.Parsing;

namespace UnixDatagram.Hosting.Tests.App;

/// <summary>The <c>TimeAndLevel</c> prefix: the same text as before, one property per millisecond and level.</summary>
public sealed class JournalPriorityEnricherTests
{
    private static readonly MessageTemplate Template = new MessageTemplateParser().Parse("x");

    [Fact]
    public void Enrich_SameMillisecondAndLevel_SharesOneTimeAndLevel()
    {
        Assert.True(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("JOURNAL_STREAM")), "the test runs outside the journal");
        var enricher = new UnixDatagram.Daemon.JournalPriorityEnricher();
        var at = new DateTimeOffset(2026, 11, 30, 14, 20, 1, 234, TimeSpan.Zero);
        var first = Enriched(enricher, at, LogEventLevel.Information);
        var second = Enriched(enricher, at.AddTicks(5000), LogEventLevel.Information);

        Assert.Equal("14:20:01.234 INF ", ((ScalarValue)first.Properties["TimeAndLevel"]).Value);
        Assert.Same(first.Properties["TimeAndLevel"], second.Properties["TimeAndLevel"]);
    }

    [Fact]
    public void Enrich_OtherMillisecondOrLevel_RendersItsOwn()
    {
        var enricher = new UnixDatagram.Daemon.JournalPriorityEnricher();
        var at = new DateTimeOffset(2026, 11, 30, 14, 20, 1, 234, TimeSpan.Zero);
        Enriched(enricher, at, LogEventLevel.Information);

        Assert.Equal("14:20:01.234 WRN ", ((ScalarValue)Enriched(enricher, at, LogEventLevel.Warning).Properties["TimeAndLevel"]).Value);
        Assert.Equal("14:20:01.235 WRN ", ((ScalarValue)Enriched(enricher, at.AddMilliseconds(1), LogEventLevel.Warning).Properties["TimeAndLevel"]).Value);
    }

    private static LogEvent Enriched(UnixDatagram.Daemon.JournalPriorityEnricher enricher, DateTimeOffset at, LogEventLevel level)
    {
        var logEvent = new LogEvent(at, level, null, Template, []);
        enricher.Enrich(logEvent, null!);
        return logEvent;
    }
}
