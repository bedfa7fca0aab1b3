using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests.Endpoints;

/// <summary>
/// The daemon never handles its own output as input: a datagram whose kernel credentials carry the daemon's pid
/// (journald forwards the daemon's own log lines to syslog.socket with them) is counted, reported once, not handled.
/// </summary>
public sealed class SelfSentTests
{
    /// <summary>argv: path, hex payload, pid. Sends claiming that pid in SCM_CREDENTIALS, which root may (CAP_SYS_ADMIN), as journald does when it forwards.</summary>
    private const string SendAsPid = """
        import os, socket, struct, sys
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        creds = struct.pack("iII", int(sys.argv[3]), os.getuid(), os.getgid())
        s.sendmsg([bytes.fromhex(sys.argv[2])], [(socket.SOL_SOCKET, socket.SCM_CREDENTIALS, creds)], 0, sys.argv[1])
        """;

    [Fact]
    public async Task OnDatagram_CredentialsCarryTheDaemonsPid_NotHandledCountedReportedOnce()
    {
        var recorder = new RecordingHandler();
        await using var daemon = ListenerHost.Create(
            EndpointConfig.Endpoint("syslog", "syslog.sock", ["record"], "AcceptSelfSent=false"),
            ("record", recorder));
        await daemon.StartAsync();
        var path = daemon.Path("syslog.sock");

        // From this very process, and from another process that forges this process's pid as journald's forwarding does.
        using (var own = new UnixDatagramSocket())
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(SendStatus.Sent, own.SendTo("own line"u8, path));
            }
        }

        var forged = await ExternalProcess.PythonAsync(SendAsPid, path, Convert.ToHexString("forwarded own line"u8), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Assert.True(forged.ExitCode == 0, forged.ToString());
        var other = await ExternalProcess.PythonAsync(PythonPeers.SendUnbound, path, Convert.ToHexString("someone else"u8));
        Assert.True(other.ExitCode == 0, other.ToString());

        // Ordered dispatch: once the last datagram is handled, the four before it were admitted or refused.
        await recorder.WaitForAsync(1).Within();
        var got = Assert.Single(recorder.Received);
        Assert.Equal("someone else", Encoding.UTF8.GetString(got.Payload));
        Assert.Equal(other.ProcessId, got.Credentials?.ProcessId);
        var stats = daemon.Endpoint("syslog");
        Assert.Equal(4, stats.SelfSent);
        var report = Assert.Single(daemon.Log.Events(1119));
        Assert.Contains($"pid {Environment.ProcessId}", report.Message, StringComparison.Ordinal);
        var health = await daemon.HealthAsync("syslog");
        Assert.Equal(HealthStatus.Healthy, health.Status);
        Assert.Equal(4L, health.Data["selfSent"]);

        // The recorder has seen the datagram; it is counted once its handler has returned, which a stop waits for.
        await daemon.StopAsync().Within();
        Assert.Equal(1, stats.Handled);
    }

    [Fact]
    public async Task OnDatagram_AnHourAfterTheReport_ReportedAgainWithTheCount()
    {
        var recorder = new RecordingHandler();
        await using var daemon = ListenerHost.Create(
            EndpointConfig.Endpoint("syslog", "syslog.sock", ["record"], "AcceptSelfSent=false"),
            ("record", recorder));
        await daemon.StartAsync();
        var path = daemon.Path("syslog.sock");
        using var own = new UnixDatagramSocket();
        own.SendTo("first"u8, path);
        await daemon.Log.WaitForAsync(1119).Within();

        daemon.Clock.Advance(TimeSpan.FromHours(1));
        own.SendTo("an hour later"u8, path);
        await daemon.Log.WaitForAsync(1119, 2).Within();

        // Within the hour: counted, not reported (every report is a log line journald forwards back).
        own.SendTo("soon after"u8, path);
        var other = await ExternalProcess.PythonAsync(PythonPeers.SendUnbound, path, Convert.ToHexString("sync"u8));
        Assert.True(other.ExitCode == 0, other.ToString());
        await recorder.WaitForAsync(1).Within();

        Assert.Contains("(2 so far)", daemon.Log.Events(1119)[1].Message, StringComparison.Ordinal);
        Assert.Equal(2, daemon.Log.Events(1119).Count);
        Assert.Equal(3, daemon.Endpoint("syslog").SelfSent);
        Assert.Equal("sync", Encoding.UTF8.GetString(Assert.Single(recorder.Payloads)));
    }

    /// <summary>PassCredentials false does not switch the guard off: credentials stay on while it needs them, and start says so (1006).</summary>
    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public async Task Forward_TargetIsItsOwnEndpoint_TheCopyComingBackIsNotHandledAgain(string passCredentials)
    {
        var recorder = new RecordingHandler();
        var settings = EndpointConfig.Merge(
            EndpointConfig.Endpoint("loop", "loop.sock", ["forward", "record"]),
            new Dictionary<string, string?>
            {
                ["Daemon:Targets:0:Name"] = "self",
                ["Daemon:Targets:0:Path"] = "{dir}/loop.sock",
                ["Daemon:Handlers:forward:Target"] = "self",
            });
        settings["Daemon:Endpoints:0:AcceptSelfSent"] = "false";
        settings["Daemon:Endpoints:0:PassCredentials"] = passCredentials;
        await using var daemon = ListenerHost.Create(systemClock: true, settings, ("record", recorder));
        await daemon.StartAsync();
        await WaitForTargetAsync(daemon, "self");

        var sent = await ExternalProcess.PythonAsync(PythonPeers.SendUnbound, daemon.Path("loop.sock"), Convert.ToHexString("once"u8));
        Assert.True(sent.ExitCode == 0, sent.ToString());

        // Without the guard the copy is forwarded again, and again: received grows without end.
        await daemon.Log.WaitForAsync(1119).Within();

        // The copy can arrive before the first datagram's handler has returned and been counted; a stop waits for that.
        await daemon.StopAsync().Within();
        var stats = daemon.Endpoint("loop");
        Assert.Equal(2, stats.Received);
        Assert.Equal(1, stats.SelfSent);
        Assert.Equal(1, stats.Handled);
        Assert.Single(recorder.Received);
        Assert.Equal(passCredentials == "false" ? 1 : 0, daemon.Log.Messages(1006).Count());
    }

    /// <summary>The target connects in the background (it may try before the endpoint is bound, then retries): waits until it is writable.</summary>
    private static async Task WaitForTargetAsync(ListenerHost daemon, string target)
    {
        var health = daemon.Host.Services.GetRequiredService<HealthCheckService>();
        using var timeout = new CancellationTokenSource(TestWait.Timeout);
        while ((await health.CheckHealthAsync(r => r.Name == "target:" + target, timeout.Token)).Status != HealthStatus.Healthy)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }
}
