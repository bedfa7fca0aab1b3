using System.Text;
using UnixDatagram.Handlers.Internal;
using UnixDatagram.Transport;

namespace UnixDatagram.Handlers.Tests;

public sealed class DisplayTextTests
{
    public static TheoryData<byte[], string> Escapes => new()
    {
        { "plain ascii"u8.ToArray(), "plain ascii" },
        { "wörld 日本 🙂"u8.ToArray(), "wörld 日本 🙂" },
        { "a\nb\r\tc\0"u8.ToArray(), "a\\nb\\r\\tc\\0" },
        { "<1\03>\0x"u8.ToArray(), "<1\\x003>\\0x" },
        { "\u001b[0m\u007f"u8.ToArray(), "\\x1b[0m\\x7f" },
        { "x\u0085y\u009f"u8.ToArray(), "x\\u0085y\\u009f" },
        { "back\\slash"u8.ToArray(), "back\\slash" },
        { [0xFF, 0x41, 0xC3], "\\xffA\\xc3" },
        { [0xED, 0xA0, 0x80], "\\xed\\xa0\\x80" },
        { [0xC0, 0xAF], "\\xc0\\xaf" },
        { [0xE2, 0x82, 0xAC, 0x0A, 0xF0, 0x9F], "€\\n\\xf0\\x9f" },
        { [], "" },
        { "line\u2028sep\u2029par"u8.ToArray(), "line\\u2028sep\\u2029par" },
        { "admin\u202Enigol\u202C \u2066x\u2069 \u061C\u200E\u200F"u8.ToArray(), "admin\\u202enigol\\u202c \\u2066x\\u2069 \\u061c\\u200e\\u200f" },
        { "zero\u200Bwidth\u2060join\uFEFFbom"u8.ToArray(), "zero\\u200bwidth\\u2060join\\ufeffbom" },
        { "👨\u200D👩 ن\u200Cا"u8.ToArray(), "👨\u200D👩 ن\u200Cا" },
        { "soft\u00ADhyphen mongol\u180Esep \uFFF9note\uFFFB \u206Adeprecated"u8.ToArray(), "soft\\u00adhyphen mongol\\u180esep \\ufff9note\\ufffb \\u206adeprecated" },
        { "tag\U000E0041\U000E007F"u8.ToArray(), "tag\\U000e0041\\U000e007f" },
        { "sshd\u2002on\u2002syslog\u2002from\u2002pid=1\u2002uid=0[1]"u8.ToArray(), "sshd\\u2002on\\u2002syslog\\u2002from\\u2002pid=1\\u2002uid=0[1]" },
        { "nb\u00A0sp ideo\u3000sp ogham\u1680 em\u2003thin\u2009hair\u200Anarrow\u202Fmath\u205F"u8.ToArray(), "nb\\u00a0sp ideo\\u3000sp ogham\\u1680 em\\u2003thin\\u2009hair\\u200anarrow\\u202fmath\\u205f" },
        { "hangul\u115F\u1160\u3164\uFFA0 cgj\u034F khmer\u17B4\u17B5 mongol\u180B\u180C\u180D\u180F"u8.ToArray(), "hangul\\u115f\\u1160\\u3164\\uffa0 cgj\\u034f khmer\\u17b4\\u17b5 mongol\\u180b\\u180c\\u180d\\u180f" },
        { "vs\uFE00\uFE0D\U000E0100\U000E01EF reserved\u2065\uFFF0\U000E0FFF"u8.ToArray(), "vs\\ufe00\\ufe0d\\U000e0100\\U000e01ef reserved\\u2065\\ufff0\\U000e0fff" },
        { "❤\uFE0F ☺\uFE0E 👍🏽"u8.ToArray(), "❤\uFE0F ☺\uFE0E 👍🏽" },
    };

    [Theory]
    [InlineData("a\u2028b\u202Ec", "a\\u2028b\\u202ec")]
    [InlineData("\uFEFFplain", "\\ufeffplain")]
    [InlineData("日本 🙂", "日本 🙂")]
    [InlineData("soft\u00ADhyphen", "soft\\u00adhyphen")]
    [InlineData("tag\U000E0041", "tag\\U000e0041")]
    [InlineData("a\u2002pid=1\u00A0uid=0\u3000", "a\\u2002pid=1\\u00a0uid=0\\u3000")]
    [InlineData("fill\u3164er vs\uFE00 vs\U000E0100", "fill\\u3164er vs\\ufe00 vs\\U000e0100")]
    [InlineData("❤\uFE0F", "❤\uFE0F")]
    [InlineData("<1\03>\0x", "<1\\x003>\\0x")]
    public void FromString_LineBreakingOrReorderingCharacters_Escaped(string text, string expected)
    {
        Assert.Equal(expected, DisplayText.FromString(text));
    }

    [Theory]
    [MemberData(nameof(Escapes))]
    public void FromUtf8_UntrustedBytes_EscapesControlsAndInvalidBytes(byte[] bytes, string expected)
    {
        Assert.Equal(expected, DisplayText.FromUtf8(bytes));
    }

    /// <summary>A local sender cannot split or reorder a syslog line with Unicode's own line breaks or bidi overrides.</summary>
    [Fact]
    public void SyslogParse_TagAndMessageWithLineSeparatorAndOverride_Escaped()
    {
        var message = SyslogParser.Parse(Encoding.UTF8.GetBytes("<14>Nov 30 14:20:00 host ta\u202Eg[1]: one\u2028<11>forged"));

        Assert.Equal("one\\u2028<11>forged", message.Message);
        Assert.Equal("ta\\u202eg", message.AppName);
    }

    /// <summary>A TAG with en spaces cannot pass for the daemon's own "on syslog from pid=.. uid=.." words.</summary>
    [Fact]
    public void SyslogParse_TagWithEnSpaces_Escaped()
    {
        var message = SyslogParser.Parse(Encoding.UTF8.GetBytes("<14>Nov 30 14:20:00 host sshd\u2002on\u2002syslog\u2002from\u2002pid=1\u2002uid=0[1]: hi"));

        Assert.Equal("sshd\\u2002on\\u2002syslog\\u2002from\\u2002pid=1\\u2002uid=0", message.AppName);
    }

    [Theory]
    [InlineData("@x pid=1 uid=0 gid=0 (Reason: ok); 9 bytes...", "@x\\x20pid=1\\x20uid=0\\x20gid=0\\x20(Reason:\\x20ok);\\x209\\x20bytes...")]
    [InlineData("plain", "plain")]
    [InlineData("a\u2002b c\n", "a\\u2002b\\x20c\\n")]
    [InlineData("日本 語", "日本\\x20語")]
    [InlineData("a\\x20uid=0", "a\\\\x20uid=0")]
    [InlineData("", "")]
    public void TokenFromUtf8_SpacesInAnIdentifier_EscapedAsOneToken(string text, string expected)
    {
        Assert.Equal(expected, DisplayText.TokenFromUtf8(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void FromUtf8_PlainSpace_Kept()
    {
        Assert.Equal("a b", DisplayText.FromUtf8("a b"u8));
    }

    [Theory]
    [InlineData("aé", 2, "a")]
    [InlineData("aé", 3, "aé")]
    [InlineData("a🙂", 4, "a")]
    [InlineData("a🙂b", 5, "a🙂")]
    [InlineData("abc", 0, "")]
    [InlineData("abc", 2, "ab")]
    public void CutUtf8_InsideACharacter_CutsBeforeIt(string text, int maxBytes, string expected)
    {
        Assert.Equal(expected, Encoding.UTF8.GetString(DisplayText.CutUtf8(Encoding.UTF8.GetBytes(text), maxBytes)));
    }

    [Fact]
    public void CutUtf8_RunOfContinuationBytes_CutsAtMaxBytes()
    {
        byte[] bytes = [0x41, 0x80, 0x80, 0x80, 0x80, 0x80];

        Assert.Equal(5, DisplayText.CutUtf8(bytes, 5).Length);
    }
}
