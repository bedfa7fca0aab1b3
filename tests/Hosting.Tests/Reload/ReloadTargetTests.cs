using System.Text;
using Microsoft.Extensions.DependencyInjection;
using UnixDatagram.Handlers;
using static UnixDatagram.Hosting.Tests.EndpointConfig;

namespace UnixDatagram.Hosting.Tests.Reload;

/// <summary>The targets of <see cref="IDatagramSender"/> follow a reload: added, removed, moved; health and stats with them.</summary>
public sealed class ReloadTargetTests
{
    [Fact]
    public async Task Reload_TargetsReplacedAndMoved_SendsGoToTheNewPeersAndRemovedOnesAreUnknown()
    {
        await using var host = ListenerHost.CreateReloadable(Target(0, "t1", "r1.sock"));
        using var r1 = new TestReceiver(host.Path("r1.sock"));
        using var r2 = new TestReceiver(host.Path("r2.sock"));
        using var r3 = new TestReceiver(host.Path("r3.sock"));
        r1.Start();
        r2.Start();
        r3.Start();
        await host.StartAsync();
        var sender = host.Host.Services.GetRequiredService<IDatagramSender>();
        Assert.Equal(SendResult.Sent, await sender.SendAsync("t1", "one"u8.ToArray()));
        await r1.WaitForAsync(1, TestWait.Timeout);

        host.Write(Target(0, "t2", "r2.sock"));
        var result = await host.ReloadAsync();

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(["t2"], sender.TargetNames);
        Assert.Equal(SendResult.Sent, await sender.SendAsync("t2", "two"u8.ToArray()));
        Assert.Equal("two", Encoding.ASCII.GetString((await r2.WaitForAsync(1, TestWait.Timeout))[0]));
        var unknown = await Assert.ThrowsAsync<ArgumentException>(async () => await sender.SendAsync("t1", "gone"u8.ToArray()));
        Assert.Contains("'t2'", unknown.Message, StringComparison.Ordinal);
        var health = await host.HealthAsync();
        Assert.Contains("target:t2", health.Entries.Keys);
        Assert.DoesNotContain("target:t1", health.Entries.Keys);
        Assert.Equal(["t2"], host.Statistics.Targets.Select(t => t.Name));

        host.Write(Target(0, "t2", "r3.sock"));
        Assert.True((await host.ReloadAsync()).Succeeded);
        Assert.Equal(SendResult.Sent, await sender.SendAsync("t2", "three"u8.ToArray()));
        Assert.Equal("three", Encoding.ASCII.GetString((await r3.WaitForAsync(1, TestWait.Timeout))[0]));
        Assert.Single(r1.Received);
        Assert.Single(r2.Received);
    }

    [Fact]
    public async Task Reload_NewEndpointForwardingToNewTarget_RelaysThroughIt()
    {
        await using var host = ListenerHost.CreateReloadable(Endpoint(0, "a", "a.sock", ["log"]));
        using var upstream = new TestReceiver(host.Path("upstream.sock"));
        upstream.Start();
        await host.StartAsync();

        host.Write(Merge(
            Endpoint(0, "a", "a.sock", ["log"]),
            Endpoint(1, "relay", "relay.sock", ["forward"]),
            Target(0, "up", "upstream.sock"),
            new Dictionary<string, string?> { ["Daemon:Handlers:forward:Target"] = "up" }));
        var result = await host.ReloadAsync();

        Assert.True(result.Succeeded, result.Message);
        await ReloadEndpointTests.SendAsync(host.Path("relay.sock"), "relayed");
        Assert.Equal("relayed", Encoding.ASCII.GetString((await upstream.WaitForAsync(1, TestWait.Timeout))[0]));
    }

    private static Dictionary<string, string?> Target(int index, string name, string path) => new()
    {
        [$"Daemon:Targets:{index}:Name"] = name,
        [$"Daemon:Targets:{index}:Path"] = path,
    };
}
