using static UnixDatagram.Hosting.Tests.EndpointConfig;

namespace UnixDatagram.Hosting.Tests.Reload;

/// <summary>
/// Endpoints are matched by name across a reload: a rename that keeps the address, or two endpoints swapping
/// addresses, would bind where this daemon's own endpoint still holds the socket. Refused, saying so.
/// </summary>
public sealed class ReloadRenameTests
{
    [Fact]
    public async Task Reload_EndpointRenamedKeepingItsPath_RefusedNamingThisDaemonsEndpointAndOldServes()
    {
        var recorder = new RecordingHandler();
        await using var host = ListenerHost.CreateReloadable(Endpoint(0, "ingest", "ingest.sock", ["r"]), ("r", recorder));
        await host.StartAsync();
        var before = host.Listener.Endpoints.Single();

        host.Write(Endpoint(0, "ingest2", "ingest.sock", ["r"]));
        var result = await host.ReloadAsync();

        Assert.False(result.Succeeded);
        Assert.Equal(
            $"Daemon:Endpoints:0:Path: endpoint 'ingest2': '{host.Path("ingest.sock")}' is held by this daemon's own endpoint 'ingest', which the new configuration removes or renames. A reload never hands a socket from one endpoint to another, so renaming an endpoint that keeps its Path (or swapping two endpoints' addresses) needs a restart; the running configuration keeps serving.",
            result.Message);
        Assert.DoesNotContain("another process", result.Message, StringComparison.Ordinal);
        Assert.Same(before, host.Listener.Endpoints.Single());
        await ReloadEndpointTests.SendAsync(host.Path("ingest.sock"), "still served");
        await recorder.WaitForAsync(1).Within();
    }

    [Fact]
    public async Task Reload_TwoEndpointsSwapPaths_RefusedNamingTheOtherEndpointAndBothServe()
    {
        var recorder = new RecordingHandler();
        await using var host = ListenerHost.CreateReloadable(Merge(Endpoint(0, "a", "a.sock", ["r"]), Endpoint(1, "b", "b.sock", ["r"])), ("r", recorder));
        await host.StartAsync();

        host.Write(Merge(Endpoint(0, "a", "b.sock", ["r"]), Endpoint(1, "b", "a.sock", ["r"])));
        var result = await host.ReloadAsync();

        Assert.False(result.Succeeded);
        Assert.StartsWith(
            $"Daemon:Endpoints:0:Path: endpoint 'a': '{host.Path("b.sock")}' is held by this daemon's own endpoint 'b', which the new configuration moves to another address. A reload never hands a socket",
            result.Message,
            StringComparison.Ordinal);
        Assert.Equal(["a", "b"], host.Listener.Endpoints.Select(e => e.Name));
        await ReloadEndpointTests.SendAsync(host.Path("a.sock"), "a");
        await ReloadEndpointTests.SendAsync(host.Path("b.sock"), "b");
        await recorder.WaitForAsync(2).Within();
    }
}
