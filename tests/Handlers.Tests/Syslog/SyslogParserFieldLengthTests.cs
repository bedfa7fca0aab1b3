using System.Globalization;
using System.Text;

namespace UnixDatagram.Handlers.Tests.Syslog;

/// <summary>
/// Header fields have their RFC 5424 §6 lengths: a longer one makes an RFC 5424 header broken (the datagram is then
/// malformed, logged raw and bounded by MaxMessageSize), and is no header field in RFC 3164 (it stays in the MSG).
/// </summary>
public sealed class SyslogParserFieldLengthTests
{
    /// <summary>Each field at its RFC 5424 length, and one byte over it, with the name the error must give.</summary>
    public static TheoryData<string, string, string> Fields => new()
    {
        { "<13>1 - {0} a - - - x", "HOSTNAME", "255" },
        { "<13>1 - h {0} - - - x", "APP-NAME", "48" },
        { "<13>1 - h a {0} - - x", "PROCID", "128" },
        { "<13>1 - h a - {0} - x", "MSGID", "32" },
        { "<13>1 - h a - - [{0} k=\"v\"] x", "SD-ID", "32" },
        { "<13>1 - h a - - [id {0}=\"v\"] x", "PARAM-NAME", "32" },
    };

    [Theory]
    [MemberData(nameof(Fields))]
    public void TryParse_Rfc5424FieldAtItsLength_Accepted(string layout, string field, string length)
    {
        var value = new string('x', int.Parse(length, CultureInfo.InvariantCulture));

        var message = SyslogTestClock.Parse(string.Format(CultureInfo.InvariantCulture, layout, value));

        var read = field switch
        {
            "HOSTNAME" => message.Hostname,
            "APP-NAME" => message.AppName,
            "PROCID" => message.ProcessId,
            "MSGID" => message.MessageId,
            _ => message.StructuredData,
        };
        Assert.Contains(value, read, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void TryParse_Rfc5424FieldOverItsLength_FailsNamingTheFieldAndItsLimit(string layout, string field, string length)
    {
        var limit = int.Parse(length, CultureInfo.InvariantCulture);
        var datagram = Encoding.ASCII.GetBytes(string.Format(CultureInfo.InvariantCulture, layout, new string('x', limit + 1)));

        Assert.False(SyslogParser.TryParse(datagram, SyslogTestClock.Create(), out _, out var error));

        Assert.Contains($"the RFC 5424 {field} 'xxx", error, StringComparison.Ordinal);
        Assert.Contains($"is {limit + 1} bytes long; RFC 5424 §6 allows at most {limit}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_LoggerMsgIdOver32_Fails()
    {
        // util-linux 2.38 `logger --rfc5424 --msgid` with 40 characters: logger checks APP-NAME's 48, not MSGID's 32.
        var datagram = "<13>1 2026-11-24T15:24:36.855983+00:00 vm root - mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm - x"u8;

        Assert.False(SyslogParser.TryParse(datagram, SyslogTestClock.Create(), out _, out var error));

        Assert.Contains("MSGID 'mmmm", error, StringComparison.Ordinal);
        Assert.Contains("is 40 bytes long; RFC 5424 §6 allows at most 32", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Rfc5424AppNameOf60000BytesFF_FailsWithAShortReason()
    {
        byte[] datagram = [.. "<13>1 - h "u8, .. Enumerable.Repeat((byte)0xFF, 60000), .. " - - - x"u8];

        Assert.False(SyslogParser.TryParse(datagram, SyslogTestClock.Create(), out _, out var error));

        Assert.Contains("APP-NAME '\\xff\\xff", error, StringComparison.Ordinal);
        Assert.True(error.Length < 400, error);
    }

    /// <summary>RFC 3164 words over their field's length: no field, all of it kept in the message.</summary>
    public static TheoryData<string, string> Rfc3164 => new()
    {
        // a TAG of 48 bytes is a tag; of 49 it is text (logger -t with 49 characters sends it so)
        { $"<13>Nov 24 15:20:36 {new string('t', 48)}: hi", $"Rfc3164 user.notice time=2026-11-24T15:20:36+00:00 host=- app={new string('t', 48)} pid=- msgid=- sd=- msg=hi" },
        { $"<13>Nov 24 15:20:36 {new string('t', 49)}: hi", $"Rfc3164 user.notice time=2026-11-24T15:20:36+00:00 host=- app=- pid=- msgid=- sd=- msg={new string('t', 49)}: hi" },
        { $"<13>{new string('t', 49)}[1]: hi", $"Rfc3164 user.notice time=- host=- app=- pid=- msgid=- sd=- msg={new string('t', 49)}[1]: hi" },

        // a PID of 128 bytes, and of 129
        { $"<13>app[{new string('1', 128)}]: hi", $"Rfc3164 user.notice time=- host=- app=app pid={new string('1', 128)} msgid=- sd=- msg=hi" },
        { $"<13>app[{new string('1', 129)}]: hi", $"Rfc3164 user.notice time=- host=- app=- pid=- msgid=- sd=- msg=app[{new string('1', 129)}]: hi" },

        // a HOSTNAME of 255 bytes, and of 256
        { $"<13>Nov 24 15:20:36 {new string('h', 255)} app: hi", $"Rfc3164 user.notice time=2026-11-24T15:20:36+00:00 host={new string('h', 255)} app=app pid=- msgid=- sd=- msg=hi" },
        { $"<13>Nov 24 15:20:36 {new string('h', 256)} app: hi", $"Rfc3164 user.notice time=2026-11-24T15:20:36+00:00 host=- app=- pid=- msgid=- sd=- msg={new string('h', 256)} app: hi" },
    };

    [Theory]
    [MemberData(nameof(Rfc3164))]
    public void TryParse_Rfc3164FieldOverItsLength_StaysInTheMessage(string datagram, string expected)
    {
        Assert.Equal(expected, SyslogTestClock.Describe(SyslogTestClock.Parse(datagram)));
    }

    [Fact]
    public void TryParse_Rfc3164TagOf60000BytesFF_IsMessageCutAtMaxMessageSize()
    {
        byte[] datagram = [.. "<13>"u8, .. Enumerable.Repeat((byte)0xFF, 60000), .. ": hi"u8];

        Assert.True(SyslogParser.TryParse(datagram, SyslogTestClock.Create(), 480, out var message, out _));

        Assert.Null(message.AppName);
        Assert.Equal(string.Concat(Enumerable.Repeat("\\xff", 480)), message.Message);
        Assert.Equal(60004, message.MessageLength);
    }

    [Fact]
    public void TryParse_StructuredDataOverMaxMessageSize_CutWithAMarkerGivingItsLength()
    {
        var value = new string('v', 1000);
        var datagram = Encoding.ASCII.GetBytes($"<13>1 - h a - - [id k=\"{value}\"] text");

        Assert.True(SyslogParser.TryParse(datagram, SyslogTestClock.Create(), 480, out var message, out var error), error);

        Assert.Equal($"[id k=\"{value[..473]} [structured data cut at MaxMessageSize 480 of its 1009 bytes]", message.StructuredData);
        Assert.Equal("text", message.Message);
    }
}
