namespace UnixDatagram.Hosting.Tests.Control;

/// <summary>
/// <c>stats</c> shows what handlers count as well as what endpoints and targets count: the counters a handler publishes
/// on the host's meter with a <c>handler</c> tag, under their metric names, so an operator sees them without an
/// OpenTelemetry collector.
/// </summary>
public sealed class ControlStatsHandlersTests
{
    [Fact]
    public async Task Stats_EchoGotADatagramFromAnUnnamedSender_HandlersSectionCountsItUnanswered()
    {
        var settings = EndpointConfig.Endpoint("ingest", "in.sock", ["echo"]);
        settings["Daemon:ControlPath"] = "control.sock";
        await using var daemon = ListenerHost.Create(settings);
        await daemon.StartAsync();
        var control = daemon.Path("control.sock");

        var sent = await ExternalProcess.PythonAsync(PythonPeers.SendUnbound, daemon.Path("in.sock"), Convert.ToHexString("no return address"u8), "1");
        Assert.True(sent.ExitCode == 0, sent.StandardError);
        await daemon.Log.WaitForAsync(2010);

        using var stats = await ControlClient.AskAsync(control, "stats");

        var echo = stats.RootElement.GetProperty("handlers").GetProperty("echo");
        Assert.Equal(1, echo.GetProperty("unixdgram.echo.unanswered").GetInt64());
    }

    [Fact]
    public async Task Stats_AnotherHostInTheSameProcess_ItsHandlersCountersAreNotShown()
    {
        var settings = EndpointConfig.Endpoint("ingest", "in.sock", ["log"]);
        settings["Daemon:ControlPath"] = "control.sock";
        await using var other = ListenerHost.Create(EndpointConfig.Endpoint("ingest", "in.sock", ["echo"]));
        await other.StartAsync();
        await using var daemon = ListenerHost.Create(settings);
        await daemon.StartAsync();

        var sent = await ExternalProcess.PythonAsync(PythonPeers.SendUnbound, other.Path("in.sock"), Convert.ToHexString("to the other host"u8), "1");
        Assert.True(sent.ExitCode == 0, sent.StandardError);
        await other.Log.WaitForAsync(2010);

        using var stats = await ControlClient.AskAsync(daemon.Path("control.sock"), "stats");

        var handlers = stats.RootElement.GetProperty("handlers");
        Assert.False(handlers.TryGetProperty("echo", out _), handlers.ToString());
    }
}
