using System.Text;

namespace UnixDatagram.Transport.Tests;

/// <summary>
/// <see cref="UnixDatagramSocket.ReplyTo"/> answers the socket a datagram came from, and nothing its sender's path may
/// name by the time of the reply. The sender runs as nobody (uid 65534) in a directory it may write; the socket it
/// would like to reach is root's, in a directory only root may enter.
/// </summary>
public sealed class ReplyToTests : IDisposable
{
    private const int EPERM = 1;

    private readonly TempDirectory _directory = new TempDirectory().OpenToOthers();
    private readonly UnixDatagramSocket _server = new() { PassCredentials = true };
    private readonly UnixDatagramSocket _victim;
    private readonly string _senderPath;
    private readonly string _victimPath;

    public ReplyToTests()
    {
        var serverPath = _directory.File("server.sock");
        _server.Bind(serverPath);
        File.SetUnixFileMode(serverPath, (UnixFileMode)0b110_110_110);
        var senders = Directory.CreateDirectory(_directory.File("senders"));
        File.SetUnixFileMode(senders.FullName, (UnixFileMode)0b111_111_111);
        _senderPath = Path.Join(senders.FullName, "sender.sock");
        var victims = Directory.CreateDirectory(_directory.File("root-only"), (UnixFileMode)0b111_000_000);
        _victimPath = Path.Join(victims.FullName, "victim.sock");
        _victim = TestSockets.Bound(_victimPath);
    }

    [Fact]
    public async Task ReplyTo_SenderStillThere_ReachesIt()
    {
        await using var sender = await StartSenderAsync();
        var hello = await ReceiveFromSenderAsync(sender);

        Assert.Equal(SendStatus.Sent, _server.ReplyTo("reply"u8, hello.Sender, hello.Credentials));

        await sender.WriteLineAsync("recv");
        Assert.Equal("got reply", await sender.WaitForLineAsync("got "));
    }

    [Fact]
    public async Task ReplyTo_SenderPutASymlinkWhereItsSocketWas_RefusedAndTheLinkedSocketGetsNothing()
    {
        await using var sender = await StartSenderAsync();
        var hello = await ReceiveFromSenderAsync(sender);
        await sender.ObeyAsync("symlink " + _victimPath);

        var refused = Assert.Throws<UnixSocketException>(() => _server.ReplyTo("injected"u8, hello.Sender, hello.Credentials));

        Assert.Equal(EPERM, refused.ErrorNumber);
        Assert.Contains("symbolic link", refused.Message, StringComparison.Ordinal);
        Assert.Contains(_senderPath, refused.Message, StringComparison.Ordinal);
        // What a plain sendto does with the same address: the kernel follows the link. The victim's first datagram is
        // this one, so the refused reply never arrived.
        _server.SendTo("followed"u8, hello.Sender);
        Assert.Equal("followed", await ReceiveTextAsync(_victim));
    }

    [Fact]
    public async Task ReplyTo_SocketOfAnotherUidNowAtTheSendersPath_Refused()
    {
        await using var sender = await StartSenderAsync();
        var hello = await ReceiveFromSenderAsync(sender);
        await sender.ObeyAsync("unlink");
        using var squatter = TestSockets.Bound(_senderPath);

        var refused = Assert.Throws<UnixSocketException>(() => _server.ReplyTo("injected"u8, hello.Sender, hello.Credentials));

        Assert.Equal(EPERM, refused.ErrorNumber);
        Assert.Contains("belongs to uid 0, not to the sender's uid 65534", refused.Message, StringComparison.Ordinal);
        _server.SendTo("plain"u8, hello.Sender);
        Assert.Equal("plain", await ReceiveTextAsync(squatter));
    }

    [Fact]
    public async Task ReplyTo_SenderGone_PeerGoneError()
    {
        await using var sender = await StartSenderAsync();
        var hello = await ReceiveFromSenderAsync(sender);
        await sender.ObeyAsync("unlink");

        var gone = Assert.Throws<UnixSocketException>(() => _server.ReplyTo("late"u8, hello.Sender, hello.Credentials));

        Assert.True(gone.IsPeerGone, gone.Message);
    }

    [Fact]
    public async Task ReplyTo_CredentialsUnknown_RefusedForAPath()
    {
        await using var sender = await StartSenderAsync();
        var hello = await ReceiveFromSenderAsync(sender);

        var refused = Assert.Throws<UnixSocketException>(() => _server.ReplyTo("reply"u8, hello.Sender, senderCredentials: null));

        Assert.Equal(EPERM, refused.ErrorNumber);
        Assert.Contains("credentials are unknown", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplyTo_AbstractSender_AnsweredWithoutCredentials()
    {
        var name = TestNames.UniqueAbstractName("reply-to");
        using var client = TestSockets.Bound(name);
        client.SendTo("hello"u8, _directory.File("server.sock"));
        var hello = await _server.ReceiveAsync(new byte[16]).Within();

        Assert.Equal(SendStatus.Sent, _server.ReplyTo("reply"u8, hello.Sender, senderCredentials: null));
        Assert.Equal("reply", await ReceiveTextAsync(client));
    }

    /// <summary>
    /// An abstract name has no file to check before each try: a reply that waited could reach whoever binds the name
    /// after the sender released it. A congested abstract sender gets an error at once, not a wait.
    /// </summary>
    [Fact]
    public async Task ReplyToAsync_AbstractSenderQueueFull_FailsAtOnceInsteadOfWaiting()
    {
        var name = TestNames.UniqueAbstractName("reply-to-full");
        await using var sender = ChildProcess.Start("setpriv", [.. ExternalProcess.AsNobody, ExternalProcess.Python, "-c", PythonPeers.SenderThatMoves, _directory.File("server.sock"), name]);
        await sender.WaitForLineAsync("bound");
        await sender.ObeyAsync("fill");
        await sender.ObeyAsync("send hello");
        var hello = await _server.ReceiveAsync(new byte[16]).Within();
        Assert.Equal(name, hello.Sender.ToString());

        var full = await Assert.ThrowsAsync<UnixSocketException>(() => _server.ReplyToAsync("reply"u8.ToArray(), hello.Sender, hello.Credentials).AsTask()).Within();

        Assert.Equal("EAGAIN", full.ErrorName);
        Assert.Contains("abstract name does not wait", full.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _server.Dispose();
        _victim.Dispose();
        _directory.Dispose();
    }

    private async Task<ChildProcess> StartSenderAsync()
    {
        var sender = ChildProcess.Start("setpriv", [.. ExternalProcess.AsNobody, ExternalProcess.Python, "-c", PythonPeers.SenderThatMoves, _directory.File("server.sock"), _senderPath]);
        await sender.WaitForLineAsync("bound");
        return sender;
    }

    private async Task<ReceiveResult> ReceiveFromSenderAsync(ChildProcess sender)
    {
        await sender.ObeyAsync("send hello");
        var hello = await _server.ReceiveAsync(new byte[16]).Within();
        Assert.Equal(_senderPath, hello.Sender.ToString());
        Assert.Equal(ExternalProcess.Nobody, Assert.NotNull(hello.Credentials).UserId);
        return hello;
    }

    private static async Task<string> ReceiveTextAsync(UnixDatagramSocket socket)
    {
        var buffer = new byte[64];
        var result = await socket.ReceiveAsync(buffer).Within();
        return Encoding.UTF8.GetString(buffer, 0, result.Length);
    }
}
