using System.Text;

namespace UnixDatagram.Handlers.Tests.Syslog;

public sealed class SyslogParserRfc5424Tests
{
    /// <summary>RFC 5424 as util-linux 2.38 <c>logger --rfc5424 -u PATH</c> sends it, and the examples of RFC 5424 §6.5.</summary>
    public static TheoryData<string, string> Messages => new()
    {
        // logger --rfc5424
        { "<13>1 2026-11-24T15:20:36.590924+00:00 vm root - - [timeQuality tzKnown=\"1\" isSynced=\"0\"] hello wörld", "Rfc5424 user.notice time=2026-11-24T15:20:36.590924+00:00 host=vm app=root pid=- msgid=- sd=[timeQuality tzKnown=\"1\" isSynced=\"0\"] msg=hello wörld" },

        // logger --rfc5424 -i -t app -p local3.err --msgid ID47
        { "<155>1 2026-11-24T15:20:36.597375+00:00 vm app 31541 ID47 [timeQuality tzKnown=\"1\" isSynced=\"0\"] hello", "Rfc5424 local3.err time=2026-11-24T15:20:36.597375+00:00 host=vm app=app pid=31541 msgid=ID47 sd=[timeQuality tzKnown=\"1\" isSynced=\"0\"] msg=hello" },

        // logger --sd-id zoo@123 --sd-param 'tiger="hungry \] x"': an escaped ] inside a PARAM-VALUE
        { "<13>1 2026-11-24T15:20:36.598966+00:00 vm root - - [timeQuality tzKnown=\"1\" isSynced=\"0\"][zoo@123 tiger=\"hungry \\] x\"] hello", "Rfc5424 user.notice time=2026-11-24T15:20:36.598966+00:00 host=vm app=root pid=- msgid=- sd=[timeQuality tzKnown=\"1\" isSynced=\"0\"][zoo@123 tiger=\"hungry \\] x\"] msg=hello" },

        // escaped quote and backslash; a value ending in an escaped backslash
        { "<13>1 - - root - - [a@1 k=\"q\\\"uote\\\\ b\\]\" e=\"\\\\\"] x", "Rfc5424 user.notice time=- host=- app=root pid=- msgid=- sd=[a@1 k=\"q\\\"uote\\\\ b\\]\" e=\"\\\\\"] msg=x" },

        // lenient: an unescaped ] inside the quotes is unambiguous
        { "<13>1 - - - - - [a k=\"x]y\"] m", "Rfc5424 user.notice time=- host=- app=- pid=- msgid=- sd=[a k=\"x]y\"] msg=m" },

        // logger --rfc5424=notq,notime,nohost: every NILVALUE
        { "<13>1 - - root - - - hello", "Rfc5424 user.notice time=- host=- app=root pid=- msgid=- sd=- msg=hello" },

        // logger sends UTF-8 APP-NAMEs: accepted
        { "<13>1 2026-11-24T15:24:40.868640+00:00 vm täg - - - x", "Rfc5424 user.notice time=2026-11-24T15:24:40.86864+00:00 host=vm app=täg pid=- msgid=- sd=- msg=x" },

        // RFC 5424 §6.5 example 1, with its BOM
        { "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \uFEFF'su root' failed for lonvick on /dev/pts/8", "Rfc5424 auth.crit time=2003-10-11T22:14:15.003+00:00 host=mymachine.example.com app=su pid=- msgid=ID47 sd=- msg='su root' failed for lonvick on /dev/pts/8" },

        // example 2: no BOM, a negative offset, six fraction digits
        { "<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.", "Rfc5424 local4.notice time=2003-08-24T05:14:15.000003-07:00 host=192.0.2.1 app=myproc pid=8710 msgid=- sd=- msg=%% It's time to make the do-nuts." },

        // example 3: structured data and a message
        { "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"] \uFEFFAn application event log entry...", "Rfc5424 local4.notice time=2003-10-11T22:14:15.003+00:00 host=mymachine.example.com app=evntslog pid=- msgid=ID47 sd=[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"] msg=An application event log entry..." },

        // example 4: two elements, no message
        { "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][examplePriority@32473 class=\"high\"]", "Rfc5424 local4.notice time=2003-10-11T22:14:15.003+00:00 host=mymachine.example.com app=evntslog pid=- msgid=ID47 sd=[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][examplePriority@32473 class=\"high\"] msg=" },

        // an element without parameters; an empty message after the space; a trailing newline
        { "<13>1 - - - - - [origin] ", "Rfc5424 user.notice time=- host=- app=- pid=- msgid=- sd=[origin] msg=" },
        { "<13>1 2026-11-24T15:20:36Z h a 1 m - text\n", "Rfc5424 user.notice time=2026-11-24T15:20:36+00:00 host=h app=a pid=1 msgid=m sd=- msg=text" },

        // the message keeps its own spaces, and its control characters are escaped
        { "<13>1 - - - - - -  two\nlines", "Rfc5424 user.notice time=- host=- app=- pid=- msgid=- sd=- msg= two\\nlines" },

        // RFC 3339 fractions real clients write: .NET's "o" (7 digits), Go and Rust (9 digits, the last two truncated)
        { "<11>1 2016-04-26T10:00:00.1234567+02:00 host app 42 - - text", "Rfc5424 user.err time=2016-04-26T10:00:00.1234567+02:00 host=host app=app pid=42 msgid=- sd=- msg=text" },
        { "<11>1 2016-04-26T10:00:00.123456789Z host app 42 - - text", "Rfc5424 user.err time=2016-04-26T10:00:00.1234567+00:00 host=host app=app pid=42 msgid=- sd=- msg=text" },
        { "<11>1 2016-04-26T10:00:00.1Z host app 42 - - text", "Rfc5424 user.err time=2016-04-26T10:00:00.1+00:00 host=host app=app pid=42 msgid=- sd=- msg=text" },

        // an offset at the ±14 hours DateTimeOffset holds
        { "<13>1 2026-11-24T15:20:36+14:00 - - - - -", "Rfc5424 user.notice time=2026-11-24T15:20:36+14:00 host=- app=- pid=- msgid=- sd=- msg=" },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void TryParse_Rfc5424AsSent_ReadsEveryField(string datagram, string expected)
    {
        Assert.Equal(expected, SyslogTestClock.Describe(SyslogTestClock.Parse(datagram)));
    }

    [Fact]
    public void TryParse_Rfc5424MessageNotUtf8_ShowsBytesEscaped()
    {
        // MSG-ANY: without a BOM the message may be any octets.
        byte[] datagram = [.. "<13>1 - - - - - - caf"u8, 0xE9, .. "!"u8];

        Assert.Equal("caf\\xe9!", SyslogTestClock.Parse(datagram).Message);
    }

    [Fact]
    public void TryParse_Rfc5424Timestamp_KeepsOffsetAndInstant()
    {
        var message = SyslogTestClock.Parse(Encoding.UTF8.GetBytes("<13>1 2003-08-24T05:14:15.000003-07:00 - - - - -"));

        var timestamp = Assert.NotNull(message.Timestamp);
        Assert.Equal(TimeSpan.FromHours(-7), timestamp.Offset);
        Assert.Equal(new DateTimeOffset(2003, 8, 24, 12, 14, 15, TimeSpan.Zero).AddTicks(30), timestamp.ToUniversalTime());
    }
}
