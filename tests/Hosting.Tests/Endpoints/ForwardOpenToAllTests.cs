namespace UnixDatagram.Hosting.Tests.Endpoints;

/// <summary>
/// An endpoint that hands datagrams to <c>forward</c> (which sends with the daemon's credentials) while every local
/// user may send to it is warned about (event 1013), at start and when a reload opens it; an allow-list or a narrower
/// mode is not.
/// </summary>
public sealed class ForwardOpenToAllTests
{
    [Theory]
    [InlineData("Mode=0666", null, true)]
    [InlineData("Mode=0620", null, false)]
    [InlineData("Mode=0666", "AllowedUserIds:0=0", false)]
    [InlineData("Mode=0666", "AllowedGroupIds:0=0", false)]
    public async Task Start_ForwardEndpoint_WarnedOnlyWhenEveryUserMaySend(string mode, string? allowList, bool warned)
    {
        await using var daemon = ListenerHost.Create(Settings(mode, allowList), ("record", new RecordingHandler()));
        await daemon.StartAsync();

        var warnings = daemon.Log.Messages(1013).ToList();
        if (warned)
        {
            var warning = Assert.Single(warnings);
            Assert.Contains("Endpoint 'relay' relays to its target through 'forward' with this daemon's credentials", warning, StringComparison.Ordinal);
            Assert.Contains("has mode 0666", warning, StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(warnings);
        }
    }

    [Fact]
    public async Task Start_ForwardEndpointAtAnAbstractName_Warned()
    {
        var settings = Settings("Mode=0666", null);
        settings["Daemon:Endpoints:0:Path"] = "@udg-relay-" + Guid.NewGuid().ToString("N");
        settings.Remove("Daemon:Endpoints:0:Mode");
        settings["Daemon:Endpoints:0:AllowAbstractName"] = "true";
        await using var daemon = ListenerHost.Create(settings, ("record", new RecordingHandler()));
        await daemon.StartAsync();

        Assert.Contains("is an abstract name, which has no permissions", Assert.Single(daemon.Log.Messages(1013)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_AllowListRemoved_Warned()
    {
        await using var daemon = ListenerHost.CreateReloadable(Settings("Mode=0666", "AllowedUserIds:0=0"), ("record", new RecordingHandler()));
        await daemon.StartAsync();
        Assert.Empty(daemon.Log.Messages(1013));

        daemon.Write(Settings("Mode=0666", null));
        Assert.True((await daemon.ReloadAsync()).Succeeded);

        Assert.Single(daemon.Log.Messages(1013));
    }

    private static Dictionary<string, string?> Settings(string mode, string? allowList)
    {
        var extra = allowList is null ? new[] { mode } : [mode, allowList];
        var settings = EndpointConfig.Endpoint("relay", "relay.sock", ["forward"], extra);
        settings["Daemon:Targets:0:Name"] = "up";
        settings["Daemon:Targets:0:Path"] = "up.sock";
        settings["Daemon:Handlers:forward:Target"] = "up";
        return settings;
    }
}
