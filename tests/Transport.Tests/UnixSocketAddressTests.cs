namespace UnixDatagram.Transport.Tests;

public sealed class UnixSocketAddressTests
{
    public static TheoryData<string, string> BadAddresses => new()
    {
        { string.Empty, "is empty" },
        { new string('a', 108), "108 bytes" },
        { "/tmp/" + new string('a', 103), "108 bytes" },
        { "@" + new string('a', 108), "108 bytes" },
        { new string('é', 54), "108 bytes" },
        { "/tmp/a\0b.sock", "NUL" },
        { "@a\0b", "NUL" },
        { "@", "is empty" },
        { "\0", "is empty" },
    };

    [Fact]
    public void Parse_Path_IsPathKind()
    {
        var address = UnixSocketAddress.Parse("/run/app/in.sock");

        Assert.Equal(UnixAddressKind.Path, address.Kind);
        Assert.Equal("/run/app/in.sock", address.Value);
        Assert.Equal("/run/app/in.sock", address.ToString());
        Assert.True(address.IsAddressable);
    }

    [Theory]
    [InlineData("@app")]
    [InlineData("\0app")]
    public void Parse_AbstractName_IsAbstractKindWrittenWithAt(string text)
    {
        var address = UnixSocketAddress.Parse(text);

        Assert.Equal(UnixAddressKind.Abstract, address.Kind);
        Assert.Equal("app", address.Value);
        Assert.Equal("@app", address.ToString());
        Assert.Equal(address, UnixSocketAddress.FromAbstractName("app"));
    }

    [Theory]
    [InlineData(107)]
    public void Parse_PathOf107Bytes_IsAccepted(int length)
    {
        Assert.Equal(length, UnixSocketAddress.Parse(new string('a', length)).Value.Length);
        Assert.Equal(length, UnixSocketAddress.Parse("@" + new string('a', length)).Value.Length);
    }

    [Theory]
    [MemberData(nameof(BadAddresses))]
    public void Parse_BadAddress_ThrowsArgumentExceptionNamingIt(string text, string reason)
    {
        var thrown = Assert.Throws<ArgumentException>(() => UnixSocketAddress.Parse(text));

        Assert.Contains(reason, thrown.Message, StringComparison.Ordinal);
        Assert.Contains($"'{text.Replace("\0", "\\0", StringComparison.Ordinal)}'", thrown.Message, StringComparison.Ordinal);
        Assert.False(UnixSocketAddress.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unnamed_IsNotAddressable()
    {
        Assert.Equal(UnixAddressKind.Unnamed, UnixSocketAddress.Unnamed.Kind);
        Assert.False(UnixSocketAddress.Unnamed.IsAddressable);
        Assert.Equal("(unnamed)", UnixSocketAddress.Unnamed.ToString());
        Assert.Equal(default, UnixSocketAddress.Unnamed);
    }

    [Fact]
    public void FromPath_LeadingAt_IsARelativePathNotAnAbstractName()
    {
        var address = UnixSocketAddress.FromPath("@odd");

        Assert.Equal(UnixAddressKind.Path, address.Kind);
        Assert.Equal("./@odd", address.Value);
    }

    [Fact]
    public void Equality_ComparesKindAndValue()
    {
        Assert.Equal(UnixSocketAddress.Parse("/a"), UnixSocketAddress.Parse("/a"));
        Assert.NotEqual(UnixSocketAddress.Parse("/a"), UnixSocketAddress.Parse("@/a"));
        Assert.True(UnixSocketAddress.Parse("@x") == UnixSocketAddress.FromAbstractName("x"));
        Assert.Equal(UnixSocketAddress.Parse("/a").GetHashCode(), UnixSocketAddress.FromPath("/a").GetHashCode());
    }
}
