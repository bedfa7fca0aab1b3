using System.Text;

namespace UnixDatagram.Handlers.Tests.Syslog;

public sealed class SyslogParserTests
{
    /// <summary>Datagrams that are not syslog messages, and a fragment of the reason each must give.</summary>
    public static TheoryData<string, string> Malformed => new()
    {
        { "", "empty" },
        { "\n\0", "only newlines and NULs" },

        // a PRI that is there but broken
        { "<>hello", "'<>' holds no number" },
        { "<192>x", "PRI <192> is out of range" },
        { "<999>Nov 24 15:20:36 root: x", "PRI <999> is out of range" },
        { "<1234>x", "is not closed" },
        { "<13", "is not closed" },
        { "<", "is not closed" },
        { "<ab>x", "'<ab>' is not a number" },
        { "<-1>x", "'<-1>' is not a number" },
        { "< 13>x", "is not a number" },

        // RFC 5424 headers cut short
        { "<13>1 ", "ends before TIMESTAMP" },
        { "<13>1 2026-11-24T15:20:36Z", "ends after TIMESTAMP '2026-11-24T15:20:36Z': HOSTNAME is missing" },
        { "<13>1 2026-11-24T15:20:36Z host app", "ends after APP-NAME 'app': PROCID is missing" },
        { "<13>1 - - - -", "ends after PROCID '-': MSGID is missing" },
        { "<13>1 - - - - -", "ends after MSGID '-': STRUCTURED-DATA is missing" },
        { "<13>1 - - - - - ", "ends before STRUCTURED-DATA" },
        { "<13>1 -  - - - - x", "HOSTNAME is empty" },
        { "<13>1 - h\u0001 - - - - x", "HOSTNAME 'h\\x01' contains a control character" },

        // RFC 5424 timestamps: RFC 3339 as §6.2.3 restricts it
        { "<13>1 2026-13-01T00:00:00Z h a p m -", "TIMESTAMP '2026-13-01T00:00:00Z' is not an RFC 3339" },
        { "<13>1 2026-02-29T00:00:00Z h a p m -", "TIMESTAMP '2026-02-29T00:00:00Z'" },
        { "<13>1 2026-11-24t15:20:36Z h a p m -", "TIMESTAMP" },
        { "<13>1 2026-11-24T15:20:36z h a p m -", "TIMESTAMP" },
        { "<13>1 2026-11-24T15:20:60Z h a p m -", "TIMESTAMP" },
        { "<13>1 2026-11-24T24:00:00Z h a p m -", "TIMESTAMP" },
        { "<13>1 2026-11-24T15:20:36.1234567890Z h a p m -", "TIMESTAMP" },
        { "<13>1 2026-11-24T15:20:36. h a p m -", "TIMESTAMP" },
        { "<13>1 2026-11-24T15:20:36 h a p m -", "TIMESTAMP" },
        { "<13>1 2026-11-24T15:20:36+1:00 h a p m -", "TIMESTAMP" },
        { "<13>1 2026-11-24T15:20:36+15:00 h a p m -", "TIMESTAMP" },
        { "<13>1 Nov 24 15:20:36 h a p m -", "TIMESTAMP 'Nov'" },

        // RFC 5424 structured data
        { "<13>1 - - - - - x", "must be - or start with '['" },
        { "<13>1 - - - - - -x", "must be followed by a space and MSG" },
        { "<13>1 - - - - - [a]x", "must be followed by a space and MSG" },
        { "<13>1 - - - - - []", "SD-ID is missing" },
        { "<13>1 - - - - - [a", "SD-ELEMENT '[a' is not closed by ']'" },
        { "<13>1 - - - - - [a=b]", "is not closed by ']'" },
        { "<13>1 - - - - - [a b]", "SD-PARAM 'b' must be followed by =\"value\"" },
        { "<13>1 - - - - - [a b=c]", "SD-PARAM 'b' must be followed by =\"value\"" },
        { "<13>1 - - - - - [a =\"c\"]", "PARAM-NAME is missing" },
        { "<13>1 - - - - - [a b=\"x] y", "PARAM-VALUE of 'b' is not closed" },
        { "<13>1 - - - - - [a b=\"x\\\"]", "PARAM-VALUE of 'b' is not closed" },
        { "<13>1 - - - - - [a b=\"x\"c=\"d\"]", "is not closed by ']'" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void TryParse_Malformed_FailsWithReason(string datagram, string reason)
    {
        var parsed = SyslogParser.TryParse(Encoding.UTF8.GetBytes(datagram), SyslogTestClock.Create(), out var message, out var error);

        Assert.False(parsed, message is null ? null : SyslogTestClock.Describe(message));
        Assert.Null(message);
        Assert.NotNull(error);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    /// <summary>A reason quotes the sender's bytes as one token: they cannot close the quote and add fields of the warning's own.</summary>
    [Fact]
    public void TryParse_MalformedWithSpacesAfterTheQuote_ReasonShowsThemAsOneToken()
    {
        var datagram = Encoding.UTF8.GetBytes("<13>1 - h a - - [x]y'); 9 bytes, truncated=False: Accepted");

        Assert.False(SyslogParser.TryParse(datagram, SyslogTestClock.Create(), out _, out var error));

        Assert.Contains("'y');\\x209\\x20bytes,", error, StringComparison.Ordinal);
        Assert.DoesNotContain(" 9 bytes", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_LongBadPri_ErrorShowsOnlyTheStartEscaped()
    {
        var datagram = Encoding.UTF8.GetBytes("<\u001b" + new string('x', 500));

        Assert.False(SyslogParser.TryParse(datagram, out _, out var error));

        Assert.Contains("'<\\x1bxxx", error, StringComparison.Ordinal);
        Assert.Contains("...'", error, StringComparison.Ordinal);
        Assert.True(error.Length < 200, error);
    }

    [Fact]
    public void Parse_Malformed_ThrowsFormatExceptionWithReason()
    {
        var exception = Assert.Throws<FormatException>(() => SyslogParser.Parse("<300>x"u8));

        Assert.Contains("PRI <300> is out of range", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Valid_ReturnsMessage()
    {
        var message = SyslogParser.Parse("<165>1 - - app - - - hi"u8);

        Assert.Equal(SyslogFacility.Local4, message.Facility);
        Assert.Equal(SyslogSeverity.Notice, message.Severity);
        Assert.Equal(165, message.Priority);
        Assert.True(message.HasPriority);
    }

    [Fact]
    public void TryParse_AnyBytes_NeverThrowsAndAlwaysExplains()
    {
        // Mutations of real datagrams and plain noise: parsing must return a message or a reason, never throw.
        string[] seeds =
        [
            "<13>Nov 24 15:20:36 vm root[1]: hello",
            "<155>1 2026-11-24T15:20:36.597375+00:00 vm app 31541 ID47 [timeQuality tzKnown=\"1\" isSynced=\"0\"][a b=\"c\\]\"] hello",
            "38 <13>Nov 24 15:20:36 root: hello wörld",
        ];
        var random = new Random(3164_5424);
        var clock = SyslogTestClock.Create();
        for (var i = 0; i < 20_000; i++)
        {
            var datagram = i % 4 == 0 ? Noise(random) : Mutate(random, Encoding.UTF8.GetBytes(seeds[i % seeds.Length]));

            var parsed = SyslogParser.TryParse(datagram, clock, out var message, out var error);

            Assert.True(parsed ? message is not null && error is null : message is null && !string.IsNullOrEmpty(error), Convert.ToHexString(datagram));
        }
    }

    private static byte[] Noise(Random random)
    {
        var bytes = new byte[random.Next(0, 64)];
        random.NextBytes(bytes);
        if (bytes.Length > 0 && random.Next(2) == 0)
        {
            bytes[0] = (byte)'<';
        }

        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var bytes = seed.AsSpan(0, random.Next(seed.Length + 1)).ToArray();
        for (var n = random.Next(4); n > 0 && bytes.Length > 0; n--)
        {
            bytes[random.Next(bytes.Length)] = random.Next(3) switch
            {
                0 => (byte)random.Next(256),
                1 => (byte)"<>[]\"\\ =:-0129T.Z+"[random.Next(18)],
                _ => 0xC3,
            };
        }

        return bytes;
    }
}
