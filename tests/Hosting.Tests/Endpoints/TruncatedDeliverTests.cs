using System.Text;
using UnixDatagram.Handlers;

namespace UnixDatagram.Hosting.Tests.Endpoints;

/// <summary>
/// An endpoint with <c>WhenTruncated</c> <c>Deliver</c> hands its handlers the start of a datagram the kernel truncated:
/// no built-in handler passes that start on as the whole datagram. Senders are python as uid 65534.
/// </summary>
public sealed class TruncatedDeliverTests
{
    // 11 + 300 + 4 = 315 bytes; its MSG, "TTT... END", is 304 bytes.
    private const string SendTruncated = "import socket, sys\nsocket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b'<13>trunc: ' + b'T' * 300 + b' END', sys.argv[1])";

    private static readonly string[] Truncating = ["MaxDatagramSize=100", "WhenTruncated=Deliver", "Mode=0666"];

    [Fact]
    public async Task SyslogHandler_TruncatedDatagramFromNobody_LoggedWithDatagramMarkerAndCountedAsCut()
    {
        await using var daemon = ListenerHost.Create(EndpointConfig.Endpoint("sys", "sys.sock", [BuiltInHandlerNames.Syslog], Truncating));
        daemon.Directory.OpenToOthers();
        using var cut = new ObservedCounter(daemon, "unixdgram.syslog.cut");
        await daemon.StartAsync();

        await Attacker.RunAsync(ExternalProcess.Python, "-c", SendTruncated, daemon.Path("sys.sock"));
        await daemon.Log.WaitForAsync(2037, 1).Within();
        await daemon.StopAsync().Within();

        var record = Assert.Single(daemon.Log.Events(2037));
        Assert.EndsWith(": " + new string('T', 89) + " [datagram cut at MaxDatagramSize 100 of its 315 bytes]", record.Message, StringComparison.Ordinal);
        Assert.Equal(304, record["MessageLength"]);
        Assert.Equal(Attacker.UserId, record["Uid"]);
        Assert.Equal(true, record["Truncated"]);
        Assert.Empty(daemon.Log.Events(2031));
        Assert.Equal(1L, cut.Read());
        Assert.Equal(1, daemon.Endpoint("sys").Handled);
    }

    [Fact]
    public async Task SyslogFilesHandler_TruncatedDatagramFromNobody_LineEndsWithDatagramMarkerAndCountedAsCut()
    {
        await using var daemon = ListenerHost.Create(EndpointConfig.Merge(
            EndpointConfig.Endpoint("sys", "sys.sock", [BuiltInHandlerNames.SyslogFiles], Truncating),
            new Dictionary<string, string?> { ["Daemon:Handlers:syslog-files:Directory"] = "{dir}", ["Daemon:Handlers:syslog-files:Outputs:0:File"] = "messages", ["Daemon:Handlers:syslog-files:Outputs:0:Selector"] = "*.*" }));
        daemon.Directory.OpenToOthers();
        using var cut = new ObservedCounter(daemon, "unixdgram.syslog_files.cut");
        await daemon.StartAsync();

        await Attacker.RunAsync(ExternalProcess.Python, "-c", SendTruncated, daemon.Path("sys.sock"));
        var line = Assert.Single(await TextFile.WaitForLinesAsync(daemon.Path("messages"), 1, TestWait.Timeout));
        await daemon.StopAsync().Within();

        Assert.EndsWith(" trunc: " + new string('T', 89) + " [datagram cut at MaxDatagramSize 100 of its 315 bytes]", line, StringComparison.Ordinal);
        Assert.Equal(1L, cut.Read());
        Assert.Equal(1, daemon.Endpoint("sys").Handled);
    }

    [Fact]
    public async Task EchoHandler_TruncatedDatagramFromNobody_NotAnsweredWarnedWithCredentialsAndCounted()
    {
        await using var daemon = ListenerHost.Create(EndpointConfig.Endpoint("echo", "echo.sock", [BuiltInHandlerNames.Echo], Truncating));
        daemon.Directory.OpenToOthers();
        using var unanswered = new ObservedCounter(daemon, "unixdgram.echo.unanswered");
        using var shared = Attacker.SharedTemp();
        await daemon.StartAsync();

        // The first reply the client reads must be the one to the datagram that fit: the truncated one got none.
        var client = await ExternalProcess.RunAsync(
            "setpriv", [.. ExternalProcess.AsNobody, ExternalProcess.Python, "-c",
                "import socket, sys\ns = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\ns.bind(sys.argv[2])\ns.settimeout(30)\ns.sendto(b'E' * 200, sys.argv[1])\ns.sendto(b'fits', sys.argv[1])\nprint(s.recv(1000).decode())",
                daemon.Path("echo.sock"), Path.Combine(shared.Path, "client.sock")],
            TestWait.Timeout);
        Assert.True(client.Succeeded, client.ToString());
        await daemon.StopAsync().Within();

        Assert.Equal("fits", client.StandardOutput.Trim());
        var warning = Assert.Single(daemon.Log.Events(2012));
        Assert.Contains("uid=65534", warning.Message, StringComparison.Ordinal);
        Assert.Contains("first 100 of 200 bytes", warning.Message, StringComparison.Ordinal);
        Assert.Equal($"pid={client.ProcessId} uid=65534 gid=65534", warning["Credentials"]);
        Assert.Equal(1L, unanswered.Read());
    }

    [Fact]
    public async Task ForwardHandler_TruncatedDatagramFromNobody_NotForwardedWarnedWithCredentialsAndCounted()
    {
        await using var daemon = ListenerHost.Create(EndpointConfig.Merge(
            EndpointConfig.Endpoint("relay", "relay.sock", [BuiltInHandlerNames.Forward], Truncating),
            new Dictionary<string, string?> { ["Daemon:Handlers:forward:Target"] = "out", ["Daemon:Targets:0:Name"] = "out", ["Daemon:Targets:0:Path"] = "{dir}/target.sock" }));
        daemon.Directory.OpenToOthers();
        using var target = new TestReceiver(daemon.Path("target.sock"));
        target.Start();
        using var undelivered = new ObservedCounter(daemon, "unixdgram.forward.undelivered");
        await daemon.StartAsync();

        await Attacker.RunAsync(
            ExternalProcess.Python, "-c",
            "import socket, sys\ns = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\ns.sendto(b'F' * 200, sys.argv[1])\ns.sendto(b'fits', sys.argv[1])",
            daemon.Path("relay.sock"));
        await target.WaitForAsync(1, TestWait.Timeout);
        await daemon.StopAsync().Within();

        Assert.Equal("fits", Encoding.UTF8.GetString(Assert.Single(target.Received)));
        var warning = Assert.Single(daemon.Log.Events(2021));
        Assert.Contains("uid=65534", warning.Message, StringComparison.Ordinal);
        Assert.Contains("first 100 of 200 bytes", warning.Message, StringComparison.Ordinal);
        Assert.Equal(1L, undelivered.Read());
        Assert.Equal(2, daemon.Endpoint("relay").Handled);
    }
}
