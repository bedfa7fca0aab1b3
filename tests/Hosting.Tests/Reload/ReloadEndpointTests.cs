using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using static UnixDatagram.Hosting.Tests.EndpointConfig;

namespace UnixDatagram.Hosting.Tests.Reload;

/// <summary>Endpoints and handler options follow a rewritten configuration file on reload, with real sockets and real clients.</summary>
public sealed class ReloadEndpointTests
{
    [Fact]
    public async Task Reload_EndpointAddedToFile_NewSocketAnswersAndHealthStatsFollow()
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler();
        var first = Endpoint(0, "a", "a.sock", ["ra"]);
        await using var host = ListenerHost.CreateReloadable(first, ("ra", a), ("rb", b));
        await host.StartAsync();
        Assert.False(File.Exists(host.Path("b.sock")));

        host.Write(Merge(first, Endpoint(1, "b", "b.sock", ["rb"])));
        var result = await host.ReloadAsync();

        Assert.True(result.Succeeded, result.Message);
        Assert.Contains("added b", result.Message, StringComparison.Ordinal);
        await SendAsync(host.Path("b.sock"), "to b");
        await b.WaitForAsync(1).Within();
        Assert.Equal("to b", Encoding.UTF8.GetString(b.Payloads[0]));
        await SendAsync(host.Path("a.sock"), "to a");
        await a.WaitForAsync(1).Within();
        var health = await host.HealthAsync();
        Assert.Equal(HealthStatus.Healthy, health.Entries["endpoint:b"].Status);

        // The recorder has seen the datagram; it is counted once its handler has returned, which a stop waits for.
        await host.StopAsync().Within();
        Assert.Contains(host.Statistics.Endpoints, e => e.Name == "b" && e.Handled == 1);
    }

    [Fact]
    public async Task Reload_EndpointRemovedFromFile_StopsItRemovesItsFileAndItsHealthAndStats()
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler();
        var first = Endpoint(0, "a", "a.sock", ["ra"]);
        await using var host = ListenerHost.CreateReloadable(Merge(first, Endpoint(1, "b", "b.sock", ["rb"])), ("ra", a), ("rb", b));
        await host.StartAsync();
        Assert.True(File.Exists(host.Path("b.sock")));
        Assert.Contains("endpoint:b", (await host.HealthAsync()).Entries.Keys);

        host.Write(first);
        var result = await host.ReloadAsync();

        Assert.True(result.Succeeded, result.Message);
        Assert.False(File.Exists(host.Path("b.sock")));
        Assert.DoesNotContain("endpoint:b", (await host.HealthAsync()).Entries.Keys);
        Assert.DoesNotContain(host.Statistics.Endpoints, e => e.Name == "b");
        Assert.Equal(["a"], host.Listener.Endpoints.Select(e => e.Name));
        await SendAsync(host.Path("a.sock"), "still here");
        await a.WaitForAsync(1).Within();
        var sendToRemoved = await ExternalProcess.PythonAsync(PythonPeers.SendUnbound, host.Path("b.sock"), "00");
        Assert.NotEqual(0, sendToRemoved.ExitCode);
    }

    [Fact]
    public async Task Reload_LogHandlerFormatChanged_NextDatagramIsLoggedInTheNewFormat()
    {
        var endpoint = Endpoint(0, "in", "in.sock", ["log"]);
        await using var host = ListenerHost.CreateReloadable(Merge(endpoint, new Dictionary<string, string?> { ["Daemon:Handlers:log:Format"] = "Text" }));
        await host.StartAsync();
        await SendAsync(host.Path("in.sock"), "AB");
        await host.Log.WaitForAsync(2001).Within();

        host.Write(Merge(endpoint, new Dictionary<string, string?> { ["Daemon:Handlers:log:Format"] = "Hex" }));
        var result = await host.ReloadAsync();

        Assert.True(result.Succeeded, result.Message);
        await SendAsync(host.Path("in.sock"), "AB");
        await host.Log.WaitForAsync(2001, 2).Within();
        Assert.Equal(["AB", "4142"], host.Log.Events(2001).Select(e => e.State["Payload"]?.ToString()));
    }

    [Fact]
    public async Task Reload_EndpointMovedToNewPath_NewSocketAnswersOldFileGone()
    {
        var recorder = new RecordingHandler();
        await using var host = ListenerHost.CreateReloadable(Endpoint(0, "in", "old.sock", ["r"]), ("r", recorder));
        await host.StartAsync();

        host.Write(Endpoint(0, "in", "new.sock", ["r"]));
        var result = await host.ReloadAsync();

        Assert.True(result.Succeeded, result.Message);
        Assert.Contains("changed in", result.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(host.Path("old.sock")));
        await SendAsync(host.Path("new.sock"), "moved");
        await recorder.WaitForAsync(1).Within();
        Assert.Equal(HealthStatus.Healthy, (await host.HealthAsync()).Entries["endpoint:in"].Status);
    }

    [Fact]
    public async Task Reload_ThirdPartyHostWithoutChanges_SucceedsAndKeepsEverything()
    {
        var recorder = new RecordingHandler();
        var settings = Endpoint(0, "in", "in.sock", ["r"]);
        await using var host = ListenerHost.CreateReloadable(settings, ("r", recorder));
        await host.StartAsync();
        var before = host.Listener.Endpoints.Single();

        var result = await host.ReloadAsync();

        Assert.True(result.Succeeded, result.Message);
        Assert.Same(before, host.Listener.Endpoints.Single());
        Assert.Same(host.Host.Services.GetRequiredService<IDatagramDaemonReloader>(), host.Host.Services.GetRequiredService<IDatagramDaemonReloader>());
    }

    internal static async Task SendAsync(string path, string text)
    {
        var sent = await ExternalProcess.PythonAsync(PythonPeers.SendUnbound, path, Convert.ToHexString(Encoding.UTF8.GetBytes(text)));
        Assert.True(sent.ExitCode == 0, sent.ToString());
    }
}
