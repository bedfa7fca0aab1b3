namespace UnixDatagram.Handlers.Tests.Syslog;

public sealed class SyslogParserRfc3164Tests
{
    /// <summary>
    /// RFC 3164 as real senders write it. The glibc rows are what glibc 2.36's syslog(3) wrote to /dev/log (openlog with
    /// LOG_PID, and without ident), and Python's syslog module through it; the logger rows are util-linux 2.38
    /// <c>logger -u</c> output; all captured on the day the fixed clock is set to.
    /// </summary>
    public static TheoryData<string, string> Messages => new()
    {
        // glibc syslog(3): no hostname, TAG[PID]: when LOG_PID
        { "<156>Nov 24 15:20:46 gtag[31731]: hello wörld", "Rfc3164 local3.warning time=2026-11-24T15:20:46+00:00 host=- app=gtag pid=31731 msgid=- sd=- msg=hello wörld" },
        { "<27>Nov 24 15:20:46 gs: no pid", "Rfc3164 daemon.err time=2026-11-24T15:20:46+00:00 host=- app=gs pid=- msgid=- sd=- msg=no pid" },
        { "<14>Nov 24 15:20:46 pyt[31732]: from python", "Rfc3164 user.info time=2026-11-24T15:20:46+00:00 host=- app=pyt pid=31732 msgid=- sd=- msg=from python" },

        // glibc pads a one-digit day with a space (strftime %e)
        { "<14>Nov  4 09:05:01 cron[12]: job", "Rfc3164 user.info time=2026-11-04T09:05:01+00:00 host=- app=cron pid=12 msgid=- sd=- msg=job" },

        // lenient: a zero-padded day
        { "<14>Nov 04 09:05:01 cron: job", "Rfc3164 user.info time=2026-11-04T09:05:01+00:00 host=- app=cron pid=- msgid=- sd=- msg=job" },

        // logger -u PATH: default (no hostname on a local socket), -t, -p, -i, --id=
        { "<13>Nov 24 15:20:36 root: hello wörld", "Rfc3164 user.notice time=2026-11-24T15:20:36+00:00 host=- app=root pid=- msgid=- sd=- msg=hello wörld" },
        { "<156>Nov 24 15:20:36 root: hello", "Rfc3164 local3.warning time=2026-11-24T15:20:36+00:00 host=- app=root pid=- msgid=- sd=- msg=hello" },
        { "<13>Nov 24 15:20:36 root[31538]: hello", "Rfc3164 user.notice time=2026-11-24T15:20:36+00:00 host=- app=root pid=31538 msgid=- sd=- msg=hello" },
        { "<13>Nov 24 15:20:36 root[42]: hello", "Rfc3164 user.notice time=2026-11-24T15:20:36+00:00 host=- app=root pid=42 msgid=- sd=- msg=hello" },

        // logger --rfc3164 writes a hostname
        { "<13>Nov 24 15:20:36 vm root: hello", "Rfc3164 user.notice time=2026-11-24T15:20:36+00:00 host=vm app=root pid=- msgid=- sd=- msg=hello" },
        { "<13>Nov 24 15:20:36 vm t[31544]: hello", "Rfc3164 user.notice time=2026-11-24T15:20:36+00:00 host=vm app=t pid=31544 msgid=- sd=- msg=hello" },

        // logger --octet-count prefixes RFC 6587's length, even on a datagram socket
        { "38 <13>Nov 24 15:20:36 root: hello wörld", "Rfc3164 user.notice time=2026-11-24T15:20:36+00:00 host=- app=root pid=- msgid=- sd=- msg=hello wörld" },

        // a count that does not match is not a count: the text is kept whole, as a message without PRI
        { "99 <13>x", "Rfc3164 user.notice nopri time=- host=- app=- pid=- msgid=- sd=- msg=99 <13>x" },

        // trailing newline, CR, NUL, as some senders add
        { "<13>Nov 24 15:20:36 root: hi\n", "Rfc3164 user.notice time=2026-11-24T15:20:36+00:00 host=- app=root pid=- msgid=- sd=- msg=hi" },
        { "<13>Nov 24 15:20:36 root: hi\r\n\0\0", "Rfc3164 user.notice time=2026-11-24T15:20:36+00:00 host=- app=root pid=- msgid=- sd=- msg=hi" },

        // Python's logging SysLogHandler: no timestamp, an optional ident, a trailing NUL
        { "<14>myapp: hello\0", "Rfc3164 user.info time=- host=- app=myapp pid=- msgid=- sd=- msg=hello" },
        { "<14>hello world\0", "Rfc3164 user.info time=- host=- app=- pid=- msgid=- sd=- msg=hello world" },

        // without a timestamp there is no header, so no hostname: two words before a colon are all message
        { "<14>disk sda1: full\0", "Rfc3164 user.info time=- host=- app=- pid=- msgid=- sd=- msg=disk sda1: full" },

        // no PRI at all: user.notice (RFC 3164 §4.3.3), still read for a tag
        { "plain text", "Rfc3164 user.notice nopri time=- host=- app=- pid=- msgid=- sd=- msg=plain text" },
        { "app[5]: started", "Rfc3164 user.notice nopri time=- host=- app=app pid=5 msgid=- sd=- msg=started" },

        // PRI bounds, and a leading zero (allowed by the ABNF's 1*3DIGIT)
        { "<0>Nov 24 15:20:36 kernel: oops", "Rfc3164 kern.emerg time=2026-11-24T15:20:36+00:00 host=- app=kernel pid=- msgid=- sd=- msg=oops" },
        { "<191>Nov 24 15:20:36 a: b", "Rfc3164 local7.debug time=2026-11-24T15:20:36+00:00 host=- app=a pid=- msgid=- sd=- msg=b" },
        { "<013>Nov 24 15:20:36 a: b", "Rfc3164 user.notice time=2026-11-24T15:20:36+00:00 host=- app=a pid=- msgid=- sd=- msg=b" },

        // a PRI and nothing else; a tag and nothing else
        { "<13>", "Rfc3164 user.notice time=- host=- app=- pid=- msgid=- sd=- msg=" },
        { "<13>Nov 24 15:20:36 root:", "Rfc3164 user.notice time=2026-11-24T15:20:36+00:00 host=- app=root pid=- msgid=- sd=- msg=" },
        { "<13>Nov 24 15:20:36", "Rfc3164 user.notice time=2026-11-24T15:20:36+00:00 host=- app=- pid=- msgid=- sd=- msg=" },

        // an invalid timestamp is no timestamp: it stays in the message (RFC 3164 §4.3.2)
        { "<13>Nov 31 15:20:36 root: x", "Rfc3164 user.notice time=- host=- app=- pid=- msgid=- sd=- msg=Nov 31 15:20:36 root: x" },
        { "<13>Nov 24 25:20:36 root: x", "Rfc3164 user.notice time=- host=- app=- pid=- msgid=- sd=- msg=Nov 24 25:20:36 root: x" },
        { "<13>nov 24 15:20:36 root: x", "Rfc3164 user.notice time=- host=- app=- pid=- msgid=- sd=- msg=nov 24 15:20:36 root: x" },

        // text without a tag; a colon that does not end a word is not a tag
        { "<13>Nov 24 15:20:36 disk full", "Rfc3164 user.notice time=2026-11-24T15:20:36+00:00 host=- app=- pid=- msgid=- sd=- msg=disk full" },
        { "<13>Nov 24 15:20:36 http://example.com is down", "Rfc3164 user.notice time=2026-11-24T15:20:36+00:00 host=- app=- pid=- msgid=- sd=- msg=http://example.com is down" },
        { "<13>Nov 24 15:20:36 app[12] no colon", "Rfc3164 user.notice time=2026-11-24T15:20:36+00:00 host=- app=- pid=- msgid=- sd=- msg=app[12] no colon" },

        // the known ambiguity: a tag with a space (openlog("my app")) reads as host and tag, like "vm root:"
        { "<13>Nov 24 15:20:36 my app: x", "Rfc3164 user.notice time=2026-11-24T15:20:36+00:00 host=my app=app pid=- msgid=- sd=- msg=x" },

        // an RFC 3339 timestamp in place of Mmm dd hh:mm:ss (rsyslog's high-precision forwarding format)
        { "<13>2026-11-24T15:20:36.5+01:00 vm app[7]: x", "Rfc3164 user.notice time=2026-11-24T15:20:36.5+01:00 host=vm app=app pid=7 msgid=- sd=- msg=x" },

        // multi-byte UTF-8 in tag and message (logger -t täg)
        { "<13>Nov 24 15:24:40 täg: 日本語 ✓ 🙂", "Rfc3164 user.notice time=2026-11-24T15:24:40+00:00 host=- app=täg pid=- msgid=- sd=- msg=日本語 ✓ 🙂" },

        // the legacy layout with an RFC 3339 timestamp (rsyslog's RSYSLOG_ForwardFormat), 7 and 9 fraction digits
        { "<11>2016-04-26T10:00:00.1234567+02:00 host app[42]: text", "Rfc3164 user.err time=2016-04-26T10:00:00.1234567+02:00 host=host app=app pid=42 msgid=- sd=- msg=text" },
        { "<11>2016-04-26T10:00:00.123456789Z host app[42]: text", "Rfc3164 user.err time=2016-04-26T10:00:00.1234567+00:00 host=host app=app pid=42 msgid=- sd=- msg=text" },

        // control characters are escaped, so a message cannot forge log lines (logger sends "line1\nline2" as one datagram)
        { "<15>Nov 24 15:24:40 root: line1\nline2", "Rfc3164 user.debug time=2026-11-24T15:24:40+00:00 host=- app=root pid=- msgid=- sd=- msg=line1\\nline2" },
        { "<13>Nov 24 15:24:40 root: a\tb\u001b[31mred\u007f\u0085", "Rfc3164 user.notice time=2026-11-24T15:24:40+00:00 host=- app=root pid=- msgid=- sd=- msg=a\\tb\\x1b[31mred\\x7f\\u0085" },
        { "<13>Nov 24 15:24:40 root: nul\0inside", "Rfc3164 user.notice time=2026-11-24T15:24:40+00:00 host=- app=root pid=- msgid=- sd=- msg=nul\\0inside" },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void TryParse_Rfc3164AsSent_ReadsEveryField(string datagram, string expected)
    {
        Assert.Equal(expected, SyslogTestClock.Describe(SyslogTestClock.Parse(datagram)));
    }

    [Fact]
    public void TryParse_InvalidUtf8InMessage_ShowsBytesEscaped()
    {
        byte[] datagram = [.. "<13>Nov 24 15:20:36 root: a"u8, 0xFF, 0xC3, (byte)' ', .. "b"u8, 0xE2, 0x82];

        var message = SyslogTestClock.Parse(datagram);

        Assert.Equal("a\\xff\\xc3 b\\xe2\\x82", message.Message);
        Assert.Equal("root", message.AppName);
    }

    [Fact]
    public void TryParse_Utf8ByteOrderMarkInRfc3164_IsKeptAsEscapedText()
    {
        // Only RFC 5424 gives the BOM a meaning; in RFC 3164 it is part of the message, shown escaped as the invisible
        // character it is (DisplayText.IsLineBreakOrInvisible).
        var message = SyslogTestClock.Parse("<13>Nov 24 15:20:36 root: \uFEFFhi");

        Assert.Equal("\\ufeffhi", message.Message);
    }
}
