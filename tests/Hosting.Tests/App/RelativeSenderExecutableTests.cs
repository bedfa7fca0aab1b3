using System.Text.Json;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests.App;

/// <summary>
/// A client that bound a relative path from its own working directory (<c>cd /x &amp;&amp; bind("rel.sock")</c>) sends
/// to the real daemon, which runs in another working directory where a decoy socket has the same name. The kernel
/// reports the client's address as <c>rel.sock</c>: resolved in the daemon's working directory it names the decoy.
/// Neither the <c>echo</c> handler nor the control socket answers it; both count and log it, naming the path.
/// </summary>
public sealed class RelativeSenderExecutableTests
{
    private readonly string _name = "rel-" + Guid.NewGuid().ToString("N")[..8] + ".sock";

    [Fact]
    public async Task Echo_NobodyBoundARelativePath_NotAnsweredCountedAndLoggedTheDecoyOfThatNameGetsNothing()
    {
        using var sockets = new TempDirectory().OpenToOthers();
        using var daemonCwd = Attacker.SharedTemp();
        using var senderCwd = Attacker.SharedTemp();
        var env = Settings(sockets, ["Daemon__Endpoints__0__Handlers__1=echo", "Daemon__Endpoints__0__Mode=0666"]);
        await using var daemon = DaemonProcess.Start(["run"], env, launcher: ["env", "-C", daemonCwd.Path]);
        await daemon.WaitForLineAsync("Application started");
        // The decoy is nobody's too, as the sender's own socket would be: the owner check alone does not tell them apart.
        using var decoy = TestSockets.Bound(daemonCwd.File(_name));
        await ExternalProcess.RunCheckedAsync("chown", "65534:65534", daemonCwd.File(_name));
        await using var sender = ChildProcess.Start("env", ["-C", senderCwd.Path, "setpriv", .. ExternalProcess.AsNobody, ExternalProcess.Python, "-c", PythonPeers.SenderThatMoves, sockets.File("ingest.sock"), _name]);
        await sender.WaitForLineAsync("bound");

        await sender.ObeyAsync("send ping");
        // The endpoint handles in order: once this absolute sender has its echo, the relative one was handled.
        var sync = await PythonPeers.PingAsync(sockets.File("ingest.sock"), senderCwd.File("absolute.sock"), "sync");
        Assert.True(sync.ExitCode == 0, sync.StandardError);
        Assert.Equal("sync", sync.StandardOutput.Trim());

        await AssertDecoyGotNothingAsync(decoy, daemonCwd.File(_name));
        var warning = await daemon.WaitForLineAsync("the sender bound the relative path");
        Assert.Contains($"from ./{_name} (pid=", warning, StringComparison.Ordinal);
        Assert.Contains($"uid=65534 gid=65534) was not answered: the sender bound the relative path '{_name}', which names a file only in its own working directory: it cannot be answered; bind an absolute path or an abstract name", warning, StringComparison.Ordinal);
        // Counted before the warning was logged, in the handler.
        using (var stats = await StatsAsync(env))
        {
            Assert.Equal(1, stats.RootElement.GetProperty("handlers").GetProperty("echo").GetProperty("unixdgram.echo.unanswered").GetInt64());
        }

        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
    }

    [Fact]
    public async Task Control_RootRequesterBoundARelativePath_NotAnsweredCountedAndLoggedTheDecoyOfThatNameGetsNothing()
    {
        using var sockets = new TempDirectory();
        using var daemonCwd = new TempDirectory();
        using var senderCwd = new TempDirectory();
        var env = Settings(sockets, []);
        await using var daemon = DaemonProcess.Start(["run"], env, launcher: ["env", "-C", daemonCwd.Path]);
        await daemon.WaitForLineAsync("Application started");
        using var decoy = TestSockets.Bound(daemonCwd.File(_name));
        await using var requester = ChildProcess.Start("env", ["-C", senderCwd.Path, ExternalProcess.Python, "-c", PythonPeers.SenderThatMoves, sockets.File("control.sock"), _name]);
        await requester.WaitForLineAsync("bound");

        await requester.ObeyAsync("send stats");
        // The control socket answers in order: this answer comes after the relative request was dealt with.
        using (var stats = await StatsAsync(env))
        {
            Assert.Equal(1, stats.RootElement.GetProperty("control").GetProperty("unanswerable").GetInt64());
        }

        await AssertDecoyGotNothingAsync(decoy, daemonCwd.File(_name));
        var warning = await daemon.WaitForLineAsync("the sender bound the relative path");
        Assert.Contains($"Control request from uid 0 (pid {requester.Id}, socket ./{_name}) not answered: the sender bound the relative path '{_name}'", warning, StringComparison.Ordinal);
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
    }

    private static Dictionary<string, string> Settings(TempDirectory sockets, string[] settings) =>
        new(settings.Select(setting => setting.Split('=', 2)).Select(pair => KeyValuePair.Create(pair[0], pair[1])))
        {
            ["Daemon__SocketDirectory"] = sockets.Path,
        };

    private static async Task<JsonDocument> StatsAsync(Dictionary<string, string> env)
    {
        var (code, stats) = await DaemonProcess.RunAsync(["stats"], env);
        Assert.True(code == 0, stats.StandardError);
        return JsonDocument.Parse(stats.StandardOutput);
    }

    /// <summary>Sends the decoy a marker and receives its first datagram: had a reply reached the decoy, it would have come first.</summary>
    private static async Task AssertDecoyGotNothingAsync(UnixDatagramSocket decoy, string path)
    {
        using (var socket = new UnixDatagramSocket())
        {
            Assert.Equal(SendStatus.Sent, socket.SendTo("marker"u8, path));
        }

        var buffer = new byte[65536];
        var first = await decoy.ReceiveAsync(buffer).Within();
        Assert.Equal("marker", System.Text.Encoding.UTF8.GetString(buffer, 0, first.Length));
    }
}
