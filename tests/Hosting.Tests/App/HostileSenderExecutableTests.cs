namespace UnixDatagram.Hosting.Tests.App;

/// <summary>
/// The shipped executable against senders that choose their address to forge log lines: every place that shows a
/// sender (the log and syslog handlers, rejection warnings, <c>listen</c>) escapes it, so no forged line appears.
/// </summary>
public sealed class HostileSenderExecutableTests
{
    /// <summary>The abstract name of the issue: a newline, a journald priority and a line that looks like ours, and an ESC sequence.</summary>
    private const string ForgedName = "\0x\n<0>00:00:00.000 FTL Forged: root logged in\n\u001b[2J";

    [Fact]
    public async Task Run_SenderWithForgedAbstractName_NoForgedLineInOutput()
    {
        using var dir = new TempDirectory();
        var env = new Dictionary<string, string> { ["Daemon__SocketDirectory"] = dir.Path };
        await using var daemon = DaemonProcess.Start(
            ["run", "--Daemon:Endpoints:2:Name=guarded", "--Daemon:Endpoints:2:Path=guarded.sock", "--Daemon:Endpoints:2:Handlers:0=log", "--Daemon:Endpoints:2:AllowedUserIds:0=4242"],
            env);
        await daemon.WaitForLineAsync("Application started");
        var marker = Guid.NewGuid().ToString("N");

        var name = ForgedName + marker;
        await ExternalProcess.RunCheckedAsync(ExternalProcess.Python, "-c", PythonPeers.SendBound, Hex(name), Hex("<13>Nov 24 15:20:36 app: syslog " + marker), dir.File("syslog.sock"));
        await ExternalProcess.RunCheckedAsync(ExternalProcess.Python, "-c", PythonPeers.SendBound, Hex(name + "2"), Hex("log " + marker), dir.File("ingest.sock"), dir.File("guarded.sock"));
        await daemon.WaitForLineAsync("syslog " + marker);
        await daemon.WaitForLineAsync("log " + marker);
        await daemon.WaitForLineAsync("rejected a datagram");
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());

        var lines = daemon.StandardError.Split('\n');
        var shown = "@x\\n<0>00:00:00.000\\x20FTL\\x20Forged:\\x20root\\x20logged\\x20in\\n\\x1b[2J" + marker;
        Assert.Single(lines, l => l.Contains("syslog " + marker, StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains(shown + "2", StringComparison.Ordinal) && l.Contains("Datagram on ingest", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains(shown + "2", StringComparison.Ordinal) && l.Contains("rejected", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.False(l.Contains("Forged", StringComparison.Ordinal) && !l.Contains(shown, StringComparison.Ordinal), l));
        Assert.DoesNotContain('\u001b', daemon.StandardError);
    }

    [Fact]
    public async Task Listen_SenderWithForgedAbstractNameAndPayload_PrintsOneEscapedLine()
    {
        using var dir = new TempDirectory();
        var path = dir.File("listen.sock");
        await using var listen = DaemonProcess.Start(["listen", path, "--count", "1"]);
        await listen.WaitForLineAsync("bound to " + path);

        await ExternalProcess.RunCheckedAsync(ExternalProcess.Python, "-c", PythonPeers.SendBound, Hex(ForgedName), Hex("pay\u001b[31mload\nFTL Forged"), path);

        Assert.Equal(0, await listen.WaitForExitAsync());
        Assert.Equal(
            ["@x\\n<0>00:00:00.000\\x20FTL\\x20Forged:\\x20root\\x20logged\\x20in\\n\\x1b[2J: pay\\x1b[31mload\\nFTL Forged"],
            listen.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task SendReply_PeerRepliesWithControlCharacters_PrintsOneEscapedLine()
    {
        using var dir = new TempDirectory();
        var path = dir.File("hostile.sock");
        await using var peer = await PythonPeers.StartBoundAsync(path, """
            data, sender = s.recvfrom(100)
            s.sendto(b'ok\x1b[2J\nFTL Forged\xff', sender)
            """);

        var (code, send) = await DaemonProcess.RunAsync(["send", path, "hi", "--reply"]);

        Assert.True(code == 0, send.StandardError);
        Assert.Equal(["ok\\x1b[2J\\nFTL Forged\\xff"], send.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static string Hex(string text) => Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(text));
}
