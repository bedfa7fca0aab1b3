using System.Globalization;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using UnixDatagram.Handlers.Internal;

namespace UnixDatagram.Handlers.Tests;

/// <summary>A fixed clock for parser tables, and a one-line rendering of a parsed message to compare against.</summary>
internal static class SyslogTestClock
{
    /// <summary>2026-11-24 16:00 UTC, the local zone UTC: the day the sample datagrams were captured from logger and glibc.</summary>
    public static FakeTimeProvider Create(DateTimeOffset? now = null, TimeSpan? localOffset = null)
    {
        var clock = new FakeTimeProvider(now ?? new DateTimeOffset(2026, 11, 24, 16, 0, 0, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.CreateCustomTimeZone("test", localOffset ?? TimeSpan.Zero, "test", "test"));
        return clock;
    }

    public static SyslogMessage Parse(string datagram) => Parse(Encoding.UTF8.GetBytes(datagram));

    public static SyslogMessage Parse(byte[] datagram)
    {
        Assert.True(SyslogParser.TryParse(datagram, Create(), out var message, out var error), error);
        Assert.Null(error);
        return message;
    }

    /// <summary>
    /// Renders every field: <c>facility.severity time=... host=... app=... pid=... msgid=... sd=... msg=...</c>, <c>-</c>
    /// for null, and <c>nopri</c> for a message without PRI.
    /// </summary>
    public static string Describe(SyslogMessage m)
    {
        var time = m.Timestamp is { } t ? t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture) : "-";
        var priority = $"{SyslogNames.Keyword(m.Facility)}.{SyslogNames.Keyword(m.Severity)}{(m.HasPriority ? string.Empty : " nopri")}";
        return $"{m.Format} {priority} time={time} host={m.Hostname ?? "-"} app={m.AppName ?? "-"} pid={m.ProcessId ?? "-"} msgid={m.MessageId ?? "-"} sd={m.StructuredData ?? "-"} msg={m.Message}";
    }
}
