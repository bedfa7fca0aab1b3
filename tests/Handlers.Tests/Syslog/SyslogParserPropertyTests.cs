using System.Text;
using CsCheck;

namespace UnixDatagram.Handlers.Tests.Syslog;

/// <summary>The parsers against any bytes: a syslog datagram is whatever a local process chose to send.</summary>
public sealed class SyslogParserPropertyTests
{
    /// <summary>Beginnings real senders write, so that random tails reach deep into both grammars.</summary>
    private static readonly string[] Prefixes =
    [
        "", "<", "<13>", "<191>", "<13>1 ", "<11>1 2016-04-26T10:00:00.1234567+02:00 ", "<13>1 - - - - - ",
        "<13>1 - h a p m [", "<13>1 - h a p m [id k=\"", "<14>Nov 24 15:20:46 ", "<14>Nov  4 09:05:01 tag[",
        "<11>2016-04-26T10:00:00.123456789Z host app[42]: ", "<13>1 2026-11-24T15:20:36.", "\uFEFF",
    ];

    private static readonly Gen<byte[]> Datagrams =
        Gen.Select(Gen.OneOf(Prefixes), Gen.Byte.Array[0, 300], Gen.OneOf("", "\n", "\r\n", "\u001b[2J", "\0"), Concat);

    private static byte[] Concat(string prefix, byte[] tail, string end) => [.. Encoding.UTF8.GetBytes(prefix), .. tail, .. Encoding.UTF8.GetBytes(end)];

    [Fact]
    public void TryParse_AnyBytes_NeverThrowsAndEveryFieldIsOneLine()
    {
        var clock = SyslogTestClock.Create();
        Datagrams.Sample(datagram =>
        {
            var parsed = SyslogParser.TryParse(datagram, clock, out var message, out var error);

            if (!parsed)
            {
                AssertOneLine(error!);
                return;
            }

            AssertOneLine(message!.Message);
            foreach (var field in new[] { message.Hostname, message.AppName, message.ProcessId, message.MessageId, message.StructuredData })
            {
                AssertOneLine(field);
            }
        }, iter: 20_000, threads: 1);
    }

    [Fact]
    public void TryParse_Rfc3339FractionOfAnyLength_NeverThrowsAndKeepsSeverity()
    {
        var clock = SyslogTestClock.Create();
        Gen.Select(Gen.Int[1, 9], Gen.Int[0, 999_999_999], Gen.Int[0, 23]).Sample((digits, fraction, severityHour) =>
        {
            var text = fraction.ToString("D9", System.Globalization.CultureInfo.InvariantCulture)[..digits];
            var datagram = Encoding.ASCII.GetBytes($"<11>1 2016-04-26T{severityHour:D2}:00:00.{text}+02:00 host app 42 - - text");

            Assert.True(SyslogParser.TryParse(datagram, clock, out var message, out var error), error);
            Assert.Equal(SyslogSeverity.Error, message.Severity);
            Assert.Equal(long.Parse(text.PadRight(7, '0')[..7], System.Globalization.CultureInfo.InvariantCulture), message.Timestamp!.Value.Ticks % TimeSpan.TicksPerSecond);
        }, iter: 2_000, threads: 1);
    }

    /// <summary>No control character (C0, DEL, C1: so no newline, carriage return or ESC) and no lone surrogate.</summary>
    private static void AssertOneLine(string? text)
    {
        if (text is null)
        {
            return;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            Assert.False(char.IsControl(c), $"Control character U+{(int)c:X4} at {i} in '{text}'");
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            Assert.False(char.IsSurrogate(c), $"Lone surrogate at {i}");
        }
    }
}
