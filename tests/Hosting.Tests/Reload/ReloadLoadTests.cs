using System.Globalization;
using System.Text;
using static UnixDatagram.Hosting.Tests.EndpointConfig;

namespace UnixDatagram.Hosting.Tests.Reload;

/// <summary>
/// Datagrams flowing through a reload: a Python sender blocks in <c>sendto</c> on a full queue (the first datagram is
/// held by a gate) while the daemon reloads; afterwards every datagram is counted exactly once.
/// </summary>
public sealed class ReloadLoadTests
{
    private const int Count = 3000;

    /// <summary>argv: path, count. Sends "0", "1", ... blocking, so a full receiver holds it back instead of losing any.</summary>
    private const string SendNumbered = """
        import socket, sys
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        for i in range(int(sys.argv[2])):
            s.sendto(str(i).encode(), sys.argv[1])
        """;

    [Fact]
    public async Task Reload_UnchangedEndpointUnderLoad_KeepsItsSocketAndInodeAndLosesNothing()
    {
        var counter = new RecordingHandler();
        var gate = new GateHandler();
        var steady = Endpoint(0, "steady", "steady.sock", ["count", "gate"], "QueueCapacity=4", "ReceiveThread=Dedicated");
        var withOther = Merge(steady, Endpoint(1, "other", "other.sock", ["count"]));
        await using var host = ListenerHost.CreateReloadable(steady, ("count", counter), ("gate", gate));
        await host.StartAsync();
        var endpoint = host.Listener.Endpoints.Single();
        var inode = await InodeAsync(host.Path("steady.sock"));

        var sender = ExternalProcess.PythonAsync(SendNumbered, host.Path("steady.sock"), Count.ToString(CultureInfo.InvariantCulture));
        await gate.WaitEnteredAsync(1).Within();

        // The first reload with the sender blocked on a full queue; the others while datagrams flow.
        Assert.True((await host.ReloadAsync()).Succeeded);
        gate.Open();
        for (var i = 0; i < 4; i++)
        {
            host.Write(i % 2 == 0 ? withOther : steady);
            var result = await host.ReloadAsync();
            Assert.True(result.Succeeded, result.Message);
        }

        var sent = await sender;
        Assert.True(sent.ExitCode == 0, sent.ToString());
        await counter.WaitForAsync(Count).Within();
        Assert.Equal(Enumerable.Range(0, Count).Select(i => i.ToString(CultureInfo.InvariantCulture)), counter.Payloads.Select(p => Encoding.ASCII.GetString(p)));
        Assert.Same(endpoint, host.Listener.Endpoints.Single());
        Assert.Equal(inode, await InodeAsync(host.Path("steady.sock")));

        // The counter runs before the gate: the last datagram is counted once the gate has returned, which a stop waits for.
        await host.StopAsync().Within();
        var stats = host.Statistics.Endpoint("steady");
        Assert.Equal((Count, Count, 0L), (stats.Received, stats.Handled, stats.Dropped));
    }

    [Fact]
    public async Task Reload_EndpointChangedAtSamePathUnderLoad_KeepsItsSocketAndLosesNothing()
    {
        var counter = new RecordingHandler();
        var gate = new GateHandler();
        await using var host = ListenerHost.CreateReloadable(Endpoint(0, "steady", "steady.sock", ["count", "gate"], "QueueCapacity=4", "ReceiveThread=Dedicated"), ("count", counter), ("gate", gate));
        await host.StartAsync();
        var before = host.Listener.Endpoints.Single();
        var inode = await InodeAsync(host.Path("steady.sock"));

        var sender = ExternalProcess.PythonAsync(SendNumbered, host.Path("steady.sock"), Count.ToString(CultureInfo.InvariantCulture));
        await gate.WaitEnteredAsync(1).Within();
        host.Write(Endpoint(0, "steady", "steady.sock", ["count", "gate"], "QueueCapacity=16", "Dispatch=Concurrent", "MaxConcurrency=2"));
        var reload = host.ReloadAsync();
        gate.Open();
        var result = await reload;

        Assert.True(result.Succeeded, result.Message);
        Assert.Contains("changed steady", result.Message, StringComparison.Ordinal);
        var sent = await sender;
        Assert.True(sent.ExitCode == 0, sent.ToString());
        await counter.WaitForAsync(Count).Within();
        Assert.Equal(Enumerable.Range(0, Count).Select(i => i.ToString(CultureInfo.InvariantCulture)).Order(), counter.Payloads.Select(p => Encoding.ASCII.GetString(p)).Order());
        var after = host.Listener.Endpoints.Single();
        Assert.NotSame(before, after);
        Assert.Same(before.Socket, after.Socket);
        Assert.Equal(16, after.Options.QueueCapacity);
        Assert.Equal(inode, await InodeAsync(host.Path("steady.sock")));

        // As above: the last datagrams are counted once the gate has returned, which a stop waits for.
        await host.StopAsync().Within();
        var stats = host.Statistics.Endpoint("steady");
        Assert.Equal((0L, 0L), (stats.Dropped, stats.Failed));
        Assert.Equal(Count, stats.Handled);
    }

    private static async Task<string> InodeAsync(string path)
    {
        var stat = await ExternalProcess.RunAsync("stat", "-c", "%i", path);
        Assert.True(stat.ExitCode == 0, stat.ToString());
        return stat.StandardOutput.Trim();
    }
}
