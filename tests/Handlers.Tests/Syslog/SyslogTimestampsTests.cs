using System.Text;
using UnixDatagram.Handlers.Internal;

namespace UnixDatagram.Handlers.Tests.Syslog;

public sealed class SyslogTimestampsTests
{
    /// <summary>RFC 3164 timestamps have no year: now, the timestamp, and the year it must be read in.</summary>
    public static TheoryData<string, string, string> YearInference => new()
    {
        // just after midnight on New Year: last night's messages are last year's
        { "2026-01-01T00:00:05Z", "Dec 31 23:59:59", "2025-12-31T23:59:59" },
        { "2026-01-01T00:00:05Z", "Jan  1 00:00:01", "2026-01-01T00:00:01" },

        // up to a week ahead is read as this year (a clock a little ahead), further as last year
        { "2026-11-24T16:00:00Z", "Nov 30 12:00:00", "2026-11-30T12:00:00" },
        { "2026-11-24T16:00:00Z", "Dec  5 12:00:00", "2025-12-05T12:00:00" },
        { "2026-11-24T16:00:00Z", "Jan  1 00:00:00", "2026-01-01T00:00:00" },

        // Feb 29 read in a common year is the last leap year's, if that was last year
        { "2025-01-05T00:00:00Z", "Feb 29 10:00:00", "2024-02-29T10:00:00" },
    };

    [Theory]
    [MemberData(nameof(YearInference))]
    public void TryParseRfc3164_NoYear_ReadsTheYearThatIsNotInTheFuture(string now, string timestamp, string expected)
    {
        var clock = SyslogTestClock.Create(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(SyslogTimestamps.TryParseRfc3164(Encoding.ASCII.GetBytes(timestamp), clock, out var value, out var length));

        Assert.Equal(15, length);
        Assert.Equal(expected, value.DateTime.ToString("s", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TryParseRfc3164_Feb29WithNoLeapYearNearby_IsNoTimestamp()
    {
        var clock = SyslogTestClock.Create(new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero));

        Assert.False(SyslogTimestamps.TryParseRfc3164("Feb 29 10:00:00"u8, clock, out _, out _));
    }

    [Fact]
    public void TryParseRfc3164_LocalZone_TakesItsOffset()
    {
        // The sender is on this host and wrote its local time: the instant is that local time in our zone.
        var clock = SyslogTestClock.Create(localOffset: TimeSpan.FromHours(2));

        Assert.True(SyslogTimestamps.TryParseRfc3164("Nov 24 15:20:36 root: x"u8, clock, out var value, out _));

        Assert.Equal(TimeSpan.FromHours(2), value.Offset);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 13, 20, 36, TimeSpan.Zero), value.ToUniversalTime());
    }

    [Theory]
    [InlineData("Nov 24 15:20:36x")]
    [InlineData("Nov 24 15:20")]
    [InlineData("Nov  0 15:20:36")]
    [InlineData("Nov 24 15:60:36")]
    [InlineData("Nov 24 15:20:60")]
    [InlineData("Nov 24 15-20-36")]
    [InlineData("Nov  x 15:20:36")]
    [InlineData("NOV 24 15:20:36")]
    [InlineData("ovD 24 15:20:36")]
    public void TryParseRfc3164_NotTheLayout_IsNoTimestamp(string text)
    {
        Assert.False(SyslogTimestamps.TryParseRfc3164(Encoding.ASCII.GetBytes(text), SyslogTestClock.Create(), out _, out _));
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("9999-12-31T23:59:59.999999-01:00")]
    [InlineData("0000-01-01T00:00:00Z")]
    public void TryParseRfc3339_OutsideDateTimeOffsetRange_FailsWithoutThrowing(string text)
    {
        Assert.False(SyslogTimestamps.TryParseRfc3339(Encoding.ASCII.GetBytes(text), out _));
    }

    [Fact]
    public void TryParseRfc3339_MaxRepresentable_Parses()
    {
        Assert.True(SyslogTimestamps.TryParseRfc3339("9999-12-31T23:59:59.999999Z"u8, out var value));

        Assert.Equal(9999, value.Year);
    }

    [Theory]
    [InlineData("2016-04-26T10:00:00.1+02:00", 1_000_000)]
    [InlineData("2016-04-26T10:00:00.123456+02:00", 1_234_560)]
    [InlineData("2016-04-26T10:00:00.1234567+02:00", 1_234_567)]
    [InlineData("2016-04-26T10:00:00.12345678+02:00", 1_234_567)]
    [InlineData("2016-04-26T10:00:00.123456789+02:00", 1_234_567)]
    [InlineData("2016-04-26T10:00:00.999999999+02:00", 9_999_999)]
    public void TryParseRfc3339_OneToNineFractionDigits_KeepsTheFirstSeven(string text, long ticks)
    {
        Assert.True(SyslogTimestamps.TryParseRfc3339(Encoding.ASCII.GetBytes(text), out var value));

        Assert.Equal(ticks, value.Ticks % TimeSpan.TicksPerSecond);
        Assert.Equal(TimeSpan.FromHours(2), value.Offset);
    }

    [Theory]
    [InlineData("2016-04-26T10:00:00.1234567890Z")]
    [InlineData("2016-04-26T10:00:00.Z")]
    public void TryParseRfc3339_NoOrTooManyFractionDigits_IsNoTimestamp(string text)
    {
        Assert.False(SyslogTimestamps.TryParseRfc3339(Encoding.ASCII.GetBytes(text), out _));
    }
}
