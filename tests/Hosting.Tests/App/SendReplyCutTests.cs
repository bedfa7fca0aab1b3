namespace UnixDatagram.Hosting.Tests.App;

/// <summary><c>dgramd send --reply</c> never prints a reply cut by its 1 MiB receive buffer as if it were whole.</summary>
public sealed class SendReplyCutTests
{
    /// <summary>For <see cref="PythonPeers.StartBoundAsync"/>: answers one datagram with 2 MiB.</summary>
    private const string LargeReply = """
        s.setsockopt(socket.SOL_SOCKET, 32, (2 << 20) + 4096)  # SO_SNDBUFFORCE: root may send a datagram of any size
        _, requester = s.recvfrom(256)
        s.sendto(b'y' * (2 << 20), requester)
        print('answered', flush=True)
        """;

    [Fact]
    public async Task SendReply_ReplyLargerThanReceiveBuffer_ExitsProtocolErrorSayingSo()
    {
        using var dir = new TempDirectory();
        var peer = dir.File("echo.sock");
        await using var replier = await PythonPeers.StartBoundAsync(peer, LargeReply);

        var (code, send) = await DaemonProcess.RunAsync(["send", peer, "ping", "--reply", "--timeout", "10"]);

        Assert.True(code == 76, send.StandardError);
        Assert.Contains($"dgramd send: the reply from {peer} to datagram 1 was cut: it is 2097152 bytes, and only 1048576 fit the receive buffer; not printed", send.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, send.StandardOutput.Trim());
        await replier.WaitForLineAsync("answered");
    }
}
