using Microsoft.Extensions.Logging;
using static UnixDatagram.Hosting.Tests.EndpointConfig;

namespace UnixDatagram.Hosting.Tests.Reload;

/// <summary>A reload that cannot be applied changes nothing: the key is named, the old configuration keeps serving, systemd hears READY=1.</summary>
public sealed class ReloadRejectTests
{
    [Theory]
    [InlineData("QueueCapacity", "0", "Daemon:Endpoints:0:QueueCapacity")]
    [InlineData("Handlers:0", "nope", "Daemon:Endpoints:0:Handlers:0")]
    [InlineData("MaxConcurrency", "many", "Daemon:Endpoints:0:MaxConcurrency")]
    [InlineData("Dispatch", "Bogus", "Daemon:Endpoints:0:Dispatch")]
    [InlineData("AllowedUserIds", "0", "Daemon:Endpoints:0:AllowedUserIds")]
    [InlineData("Name", "a b\nc\u001b[31m", "Daemon:Endpoints:0:Name: 'a b\\nc\\x1b[31m' is not a valid endpoint name")]
    public async Task Reload_InvalidValue_RejectedNamingTheKeyAndOldConfigurationServes(string key, string value, string expected)
    {
        var a = new RecordingHandler();
        var first = Endpoint(0, "a", "a.sock", ["ra"]);
        await using var host = ListenerHost.CreateReloadable(first, ("ra", a));
        await host.StartAsync();
        var before = host.Listener.Endpoints.Single();

        // A valid new endpoint beside the invalid value: rejected with it, as a whole.
        var bad = Merge(first, Endpoint(1, "b", "b.sock", ["ra"]));
        bad["Daemon:Endpoints:0:" + key] = value;
        host.Write(bad);
        var result = await host.ReloadAsync();

        // The reason itself, as start gives it: not inside "One or more errors occurred. (...)" wrappers.
        Assert.False(result.Succeeded);
        Assert.StartsWith(expected + ": ", result.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(host.Path("b.sock")));
        Assert.Same(before, host.Listener.Endpoints.Single());
        var error = Assert.Single(host.Log.Entries, e => e.Level >= LogLevel.Error);
        Assert.Equal(1302, error.EventId);
        Assert.EndsWith(": " + result.Message, error.Message, StringComparison.Ordinal);
        await ReloadEndpointTests.SendAsync(host.Path("a.sock"), "old config");
        await a.WaitForAsync(1).Within();
        Assert.Equal("READY=1\nSTATUS=Reload failed, the previous configuration is still in use: " + result.Message, await NextReadyAsync(host));
    }

    [Fact]
    public async Task Reload_SecondNewEndpointCannotBind_FirstOneRolledBackAndNothingChanged()
    {
        var a = new RecordingHandler();
        var first = Endpoint(0, "a", "a.sock", ["ra"]);
        await using var host = ListenerHost.CreateReloadable(first, ("ra", a));
        await host.StartAsync();
        await File.WriteAllTextAsync(host.Path("taken.sock"), "precious");

        host.Write(Merge(first, Endpoint(1, "b", "b.sock", ["ra"]), Endpoint(2, "c", "taken.sock", ["ra"])));
        var result = await host.ReloadAsync();

        Assert.False(result.Succeeded);
        Assert.Contains("Daemon:Endpoints:2:Path", result.Message, StringComparison.Ordinal);
        Assert.Contains("is not a socket", result.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(host.Path("b.sock")));
        Assert.Equal("precious", await File.ReadAllTextAsync(host.Path("taken.sock")));
        Assert.Equal(["a"], host.Listener.Endpoints.Select(e => e.Name));
        Assert.DoesNotContain("endpoint:b", (await host.HealthAsync()).Entries.Keys);
        await ReloadEndpointTests.SendAsync(host.Path("a.sock"), "old config");
        await a.WaitForAsync(1).Within();

        // The same file without the taken path applies: the failed reload left nothing behind in the way.
        File.Delete(host.Path("taken.sock"));
        Assert.True((await host.ReloadAsync()).Succeeded);
        Assert.True(File.Exists(host.Path("b.sock")));
    }

    [Fact]
    public async Task Reload_InvalidHandlerOptions_RejectedAndTheHandlerKeepsItsOptions()
    {
        var endpoint = Endpoint(0, "in", "in.sock", ["log"]);
        await using var host = ListenerHost.CreateReloadable(Merge(endpoint, new Dictionary<string, string?> { ["Daemon:Handlers:log:Format"] = "Text" }));
        await host.StartAsync();

        // Format valid and changed, MaxBytes invalid: neither applies.
        host.Write(Merge(endpoint, new Dictionary<string, string?> { ["Daemon:Handlers:log:Format"] = "Hex", ["Daemon:Handlers:log:MaxBytes"] = "-1" }));
        var result = await host.ReloadAsync();

        Assert.False(result.Succeeded);
        Assert.Contains("Daemon:Handlers:log:MaxBytes", result.Message, StringComparison.Ordinal);
        await ReloadEndpointTests.SendAsync(host.Path("in.sock"), "AB");
        await host.Log.WaitForAsync(2001).Within();
        Assert.Equal("AB", host.Log.Events(2001).Single().State["Payload"]?.ToString());
    }

    /// <summary>The next READY=1 on the notify socket (status lines may come between).</summary>
    internal static async Task<string> NextReadyAsync(ListenerHost host)
    {
        while (true)
        {
            var message = await host.Notify.ReceiveAsync();
            if (message.StartsWith("READY=1", StringComparison.Ordinal))
            {
                return message;
            }
        }
    }
}
