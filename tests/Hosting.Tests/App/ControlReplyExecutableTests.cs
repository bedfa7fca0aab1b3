using System.Text.Json;

namespace UnixDatagram.Hosting.Tests.App;

/// <summary>
/// <c>dgramd health</c>, <c>stats</c> and <c>reload</c> against the real daemon and stand-in control sockets: a reply
/// of any realistic size arrives whole, one that cannot is an error that says so, and a user who may not reach the
/// control socket is told that, not that the daemon is not running.
/// </summary>
public sealed class ControlReplyExecutableTests
{
    private const int Endpoints = 1000;

    /// <summary>The kernel's default send buffer (<c>net.core.wmem_default</c>), which once bounded every reply.</summary>
    private const int DefaultSendBuffer = 212992;

    /// <summary>For <see cref="PythonPeers.StartBoundAsync"/>: answers each of <c>n</c> requests with one datagram of <c>size</c> bytes (a JSON object padded with spaces).</summary>
    private const string LargeReplies = """
        s.setsockopt(socket.SOL_SOCKET, 32, size + 4096)  # SO_SNDBUFFORCE: root may send a datagram of any size
        body = b'{"status": "Healthy", "entries": {}}'
        for _ in range(n):
            _, requester = s.recvfrom(256)
            s.sendto(body + b' ' * (size - len(body)), requester)
        print('answered', flush=True)
        """;

    /// <summary>For <see cref="PythonPeers.StartBoundAsync"/>: answers one request with <c>reply</c> as it is.</summary>
    private const string Reply = """
        _, requester = s.recvfrom(256)
        s.sendto(reply.encode(), requester)
        """;

    [Fact]
    public async Task HealthAndStats_ThousandEndpointsWithLongNames_AnsweredWhole()
    {
        using var dir = new TempDirectory();
        using var etc = new TempDirectory();
        var settings = new Dictionary<string, string?> { ["Daemon:SocketDirectory"] = dir.Path, ["Daemon:ControlPath"] = "control.sock" };
        ConfigFile.AddLongNamedEndpoints(settings, Endpoints);

        ConfigFile.Write(etc.File("appsettings.json"), settings);
        await using var daemon = DaemonProcess.Start(["run"], new Dictionary<string, string> { ["CONFIGURATION_DIRECTORY"] = etc.Path });
        await daemon.WaitForLineAsync("Application started");
        var control = dir.File("control.sock");

        var (healthCode, health) = await DaemonProcess.RunAsync(["health", "--control", control, "--timeout", "60"]);
        var (statsCode, stats) = await DaemonProcess.RunAsync(["stats", "--control", control, "--timeout", "60"]);

        Assert.True(healthCode == 0, health.StandardError);
        Assert.True(statsCode == 0, stats.StandardError);
        Assert.True(health.StandardOutput.Length > DefaultSendBuffer, $"{health.StandardOutput.Length} bytes");
        using (var report = JsonDocument.Parse(health.StandardOutput))
        {
            Assert.Equal(Endpoints, report.RootElement.GetProperty("entries").EnumerateObject().Count(e => e.Name.StartsWith("endpoint:", StringComparison.Ordinal)));
        }

        using (var counters = JsonDocument.Parse(stats.StandardOutput))
        {
            Assert.Equal(Endpoints, counters.RootElement.GetProperty("endpoints").EnumerateObject().Count());
        }

        Assert.DoesNotContain(daemon.StandardError.Split('\n'), line => line.Contains("ControlReplyDropped", StringComparison.Ordinal) || line.Contains("Control reply to uid", StringComparison.Ordinal));
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
    }

    [Fact]
    public async Task Health_ReplyLargerThanFirstReceiveBuffer_AskedAgainAndReadWhole()
    {
        using var dir = new TempDirectory();
        var control = dir.File("control.sock");
        await using var replier = await PythonPeers.StartBoundAsync(control, "size, n = 3 << 20, 2\n" + LargeReplies);

        var (code, health) = await DaemonProcess.RunAsync(["health", "--control", control]);

        Assert.True(code == 0, health.StandardError);
        using var report = JsonDocument.Parse(health.StandardOutput);
        Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
        await replier.WaitForLineAsync("answered");
    }

    [Fact]
    public async Task Reload_ReplyCutByReceiveBuffer_ExitsProtocolErrorSayingSo()
    {
        using var dir = new TempDirectory();
        var control = dir.File("control.sock");
        await using var replier = await PythonPeers.StartBoundAsync(control, "size, n = 3 << 20, 1\n" + LargeReplies);

        var (code, reload) = await DaemonProcess.RunAsync(["reload", "--control", control, "--timeout", "10"]);

        Assert.Equal(76, code);
        Assert.Contains("reply was cut: it is 3145728 bytes", reload.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, reload.StandardOutput.Trim());
    }

    [Theory]
    [InlineData("health")]
    [InlineData("stats")]
    public async Task Command_ErrorReply_ExitsProtocolErrorWithTheDaemonsReason(string command)
    {
        using var dir = new TempDirectory();
        var control = dir.File("control.sock");
        await using var replier = await PythonPeers.StartBoundAsync(control, "reply = '{\"error\": \"the health reply of 999999 bytes is too large for one datagram\"}'\n" + Reply);

        var (code, cli) = await DaemonProcess.RunAsync([command, "--control", control, "--timeout", "10"]);

        Assert.Equal(76, code);
        Assert.Contains($"dgramd {command}: the daemon answered with an error: the health reply of 999999 bytes is too large", cli.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("health")]
    [InlineData("stats")]
    [InlineData("reload")]
    public async Task Command_UserWhoMayNotWriteTheControlSocket_ExitsNoPermNamingIt(string command)
    {
        using var dir = new TempDirectory();
        File.SetUnixFileMode(dir.Path, (UnixFileMode)Convert.ToInt32("0755", 8));
        var env = new Dictionary<string, string> { ["Daemon__SocketDirectory"] = dir.Path };
        await using var daemon = DaemonProcess.Start(["run"], env);
        await daemon.WaitForLineAsync("Application started");
        var control = dir.File("control.sock");

        var (code, cli) = await DaemonProcess.RunAsync([command, "--control", control, "--timeout", "10"], new Dictionary<string, string> { ["HOME"] = dir.Path }, launcher: ["setpriv", .. ExternalProcess.AsNobody]);

        Assert.True(code == 77, cli.StandardError);
        Assert.Contains($"dgramd {command}: permission denied on the control socket '{control}'", cli.StandardError, StringComparison.Ordinal);
        Assert.Contains("uid 65534", cli.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("is the daemon running", cli.StandardError, StringComparison.Ordinal);
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
    }
}
