using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests.Endpoints;

public sealed class SocketFileTests
{
    [Theory]
    [InlineData("closed socket")]
    [InlineData("exited python")]
    public async Task StartAsync_StaleSocketFile_RemovesItAndBinds(string leftBy)
    {
        var recorder = new RecordingHandler();
        await using var daemon = ListenerHost.Create(EndpointConfig.Endpoint("ingest", "ingest.sock", ["record"]), ("record", recorder));
        var path = daemon.Path("ingest.sock");
        await LeaveStaleSocketAsync(path, leftBy);
        Assert.Equal(UnixSocketFileState.Stale, UnixSocketFile.Probe(path));

        await daemon.StartAsync();
        using (var client = new UnixDatagramSocket())
        {
            await client.SendToAsync("after"u8.ToArray(), UnixSocketAddress.Parse(path)).Within();
        }

        await recorder.WaitForAsync(1).Within();
        Assert.Equal("after", Encoding.UTF8.GetString(Assert.Single(recorder.Payloads)));
        var removed = Assert.Single(daemon.Log.Events(1002));
        Assert.Contains("'ingest'", removed.Message, StringComparison.Ordinal);
        Assert.Contains(path, removed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_LiveSocketAtPath_FailsAndLeavesItReceiving()
    {
        await using var daemon = ListenerHost.Create(EndpointConfig.Endpoint("ingest", "ingest.sock", ["record"]), ("record", new RecordingHandler()));
        var path = daemon.Path("ingest.sock");
        using var other = TestSockets.Bound(path);

        var error = await Assert.ThrowsAsync<EndpointBindException>(daemon.StartAsync);

        Assert.Equal("ingest", error.Endpoint);
        Assert.Contains("Daemon:Endpoints:0:Path", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        using var client = new UnixDatagramSocket();
        await client.SendToAsync("still yours"u8.ToArray(), UnixSocketAddress.Parse(path)).Within();
        var buffer = new byte[64];
        var received = await other.ReceiveAsync(buffer).AsTask().Within();
        Assert.Equal("still yours", Encoding.UTF8.GetString(buffer, 0, received.Length));
    }

    [Theory]
    [InlineData("regular file")]
    [InlineData("directory")]
    [InlineData("symlink to a stale socket")]
    [InlineData("symlink to a regular file")]
    public async Task StartAsync_NotASocketAtPath_FailsAndNeverRemovesIt(string what)
    {
        await using var daemon = ListenerHost.Create(EndpointConfig.Endpoint("ingest", "ingest.sock", ["record"]), ("record", new RecordingHandler()));
        var path = daemon.Path("ingest.sock");
        var target = daemon.Path("target");
        switch (what)
        {
            case "regular file":
                File.WriteAllText(path, "precious");
                break;
            case "directory":
                Directory.CreateDirectory(path);
                File.WriteAllText(Path.Join(path, "inside"), "precious");
                break;
            case "symlink to a stale socket":
                await LeaveStaleSocketAsync(target, "closed socket");
                File.CreateSymbolicLink(path, target);
                break;
            default:
                File.WriteAllText(target, "precious");
                File.CreateSymbolicLink(path, target);
                break;
        }

        var error = await Assert.ThrowsAsync<EndpointBindException>(daemon.StartAsync);

        Assert.Equal("ingest", error.Endpoint);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        switch (what)
        {
            case "regular file":
                Assert.Equal("precious", File.ReadAllText(path));
                break;
            case "directory":
                Assert.Equal("precious", File.ReadAllText(Path.Join(path, "inside")));
                break;
            case "symlink to a stale socket":
                Assert.Equal(target, new FileInfo(path).LinkTarget);
                Assert.Equal(UnixSocketFileState.Stale, UnixSocketFile.Probe(target));
                break;
            default:
                Assert.Equal(target, new FileInfo(path).LinkTarget);
                Assert.Equal("precious", File.ReadAllText(target));
                break;
        }
    }

    [Theory]
    [InlineData("removed")]
    [InlineData("replaced by a regular file")]
    [InlineData("replaced by another socket")]
    public async Task SocketFile_GoneOrReplacedWhileRunning_UnhealthyAndTheReplacementSurvivesStop(string change)
    {
        await using var daemon = ListenerHost.Create(EndpointConfig.Endpoint("ingest", "ingest.sock", ["record"]), ("record", new RecordingHandler()));
        await daemon.StartAsync();
        var path = daemon.Path("ingest.sock");
        Assert.Equal(HealthStatus.Healthy, (await daemon.HealthAsync("ingest")).Status);

        File.Delete(path);
        using var other = new UnixDatagramSocket();
        if (change == "replaced by a regular file")
        {
            File.WriteAllText(path, "not yours");
        }
        else if (change == "replaced by another socket")
        {
            other.Bind(path);
        }

        var health = await daemon.HealthAsync("ingest");
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Contains("socket file", health.Description, StringComparison.Ordinal);
        await daemon.StopAsync().Within();

        switch (change)
        {
            case "removed":
                Assert.False(Path.Exists(path));
                break;
            case "replaced by a regular file":
                Assert.Equal("not yours", File.ReadAllText(path));
                break;
            default:
                Assert.Equal(UnixSocketFileState.Live, UnixSocketFile.Probe(path));
                break;
        }
    }

    [Fact]
    public async Task StopAsync_Running_RemovesItsSocketFile()
    {
        await using var daemon = ListenerHost.Create(
            EndpointConfig.Merge(
                EndpointConfig.Endpoint(0, "first", "first.sock", ["record"]),
                EndpointConfig.Endpoint(1, "second", "second.sock", ["record"])),
            ("record", new RecordingHandler()));
        await daemon.StartAsync();
        Assert.True(Path.Exists(daemon.Path("first.sock")));
        Assert.True(Path.Exists(daemon.Path("second.sock")));

        await daemon.StopAsync().Within();

        Assert.Empty(Directory.EnumerateFileSystemEntries(daemon.Directory.Path));
    }

    [Theory]
    [InlineData("0600")]
    [InlineData("0666")]
    [InlineData(null)]
    public async Task Mode_Configured_SocketFileHasExactlyThatMode(string? mode)
    {
        var settings = mode is null ? [] : new[] { "Mode=" + mode };
        await using var daemon = ListenerHost.Create(EndpointConfig.Endpoint("ingest", "ingest.sock", ["record"], settings), ("record", new RecordingHandler()));
        await daemon.StartAsync();

        // The default is 0660; without the daemon's care the umask (022 here) would make these 0755, 0644 or 0755.
        var expected = (UnixFileMode)Convert.ToInt32(mode ?? "0660", 8);
        Assert.Equal(expected, File.GetUnixFileMode(daemon.Path("ingest.sock")));
    }

    private static async Task LeaveStaleSocketAsync(string path, string leftBy)
    {
        if (leftBy == "exited python")
        {
            var python = await ExternalProcess.PythonAsync(PythonPeers.LeaveStaleSocket, path);
            Assert.True(python.ExitCode == 0, python.ToString());
            return;
        }

        TestSockets.LeaveStale(path);
    }
}
