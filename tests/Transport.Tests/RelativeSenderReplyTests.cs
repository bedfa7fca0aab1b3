using System.Text;

namespace UnixDatagram.Transport.Tests;

/// <summary>
/// A sender that bound a relative path (<c>cd /x &amp;&amp; bind("rel.sock")</c>) is reported by the kernel as
/// <c>rel.sock</c>, a name that means its socket only in its own working directory. <see cref="UnixDatagramSocket.ReplyTo"/>
/// refuses it, root sender or not, and the decoy that has that name in this process's working directory gets nothing.
/// </summary>
public sealed class RelativeSenderReplyTests : IDisposable
{
    private const int EPERM = 1;

    private readonly TempDirectory _directory = new TempDirectory().OpenToOthers();
    private readonly UnixDatagramSocket _server = new() { PassCredentials = true };
    private readonly string _senderDirectory;
    private readonly string _name = "rel-" + Guid.NewGuid().ToString("N")[..8] + ".sock";

    /// <summary>The socket at the sender's relative name in this process's working directory, where a resolved reply would go.</summary>
    private readonly UnixDatagramSocket _decoy;

    public RelativeSenderReplyTests()
    {
        var serverPath = _directory.File("server.sock");
        _server.Bind(serverPath);
        File.SetUnixFileMode(serverPath, (UnixFileMode)0b110_110_110);
        _senderDirectory = Directory.CreateDirectory(_directory.File("sender-cwd")).FullName;
        File.SetUnixFileMode(_senderDirectory, (UnixFileMode)0b111_111_111);
        _decoy = TestSockets.Bound(Path.Join(Environment.CurrentDirectory, _name));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReplyTo_SenderBoundARelativePath_RefusedAndTheSocketOfThatNameHereGetsNothing(bool asNobody)
    {
        // The old check passed a socket of the sender's own uid at the path: give the decoy that owner too.
        if (asNobody)
        {
            await ExternalProcess.RunCheckedAsync("chown", "65534:65534", Path.Join(Environment.CurrentDirectory, _name));
        }

        await using var sender = ChildProcess.Start("env", ["-C", _senderDirectory, .. (asNobody ? ["setpriv", .. ExternalProcess.AsNobody] : Array.Empty<string>()), ExternalProcess.Python, "-c", PythonPeers.SenderThatMoves, _directory.File("server.sock"), _name]);
        await sender.WaitForLineAsync("bound");
        await sender.ObeyAsync("send hello");
        var hello = await _server.ReceiveAsync(new byte[16]).Within();
        Assert.Equal("./" + _name, hello.Sender.ToString());
        Assert.True(hello.Sender.IsRelativePath);
        Assert.Equal(asNobody ? ExternalProcess.Nobody : 0u, Assert.NotNull(hello.Credentials).UserId);

        var refused = Assert.Throws<UnixSocketException>(() => _server.ReplyTo("reply"u8, hello.Sender, hello.Credentials));
        var refusedAsync = await Assert.ThrowsAsync<UnixSocketException>(() => _server.ReplyToAsync("reply"u8.ToArray(), hello.Sender, hello.Credentials).AsTask()).Within();

        Assert.Equal(EPERM, refused.ErrorNumber);
        Assert.Equal(EPERM, refusedAsync.ErrorNumber);
        Assert.Contains($"the sender bound the relative path '{_name}', which names a file only in its own working directory: it cannot be answered; bind an absolute path or an abstract name", refused.Message, StringComparison.Ordinal);
        Assert.Equal(hello.Sender.UnanswerableReason, refused.Message[(refused.Message.IndexOf("refused: ", StringComparison.Ordinal) + 9)..^1]);
        // What the name means here: a plain sendto reaches the decoy. Its first datagram is this one, so no reply came.
        _server.SendTo("plain"u8, hello.Sender);
        var buffer = new byte[16];
        var first = await _decoy.ReceiveAsync(buffer).Within();
        Assert.Equal("plain", Encoding.UTF8.GetString(buffer, 0, first.Length));
    }

    [Fact]
    public void UnanswerableReason_EachKind_NullOnlyForAnAbsolutePathOrAnAbstractName()
    {
        Assert.Null(UnixSocketAddress.Parse("/run/app/in.sock").UnanswerableReason);
        Assert.Null(UnixSocketAddress.Parse("@app").UnanswerableReason);
        Assert.False(UnixSocketAddress.Parse("@app").IsRelativePath);
        Assert.True(UnixSocketAddress.Parse("../x.sock").IsRelativePath);
        Assert.Contains("'../x.sock'", UnixSocketAddress.Parse("../x.sock").UnanswerableReason, StringComparison.Ordinal);
        Assert.Contains("unnamed", UnixSocketAddress.Unnamed.UnanswerableReason, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _server.Dispose();
        _decoy.Dispose();
        File.Delete(Path.Join(Environment.CurrentDirectory, _name));
        _directory.Dispose();
    }
}
