using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

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

    [Fact]
    public async Task Stats_ObservableCounterWithTwoTagSetsForOneHandler_ShowsTheirSum()
    {
        await using var daemon = await StartWithControlAsync();
        var meter = daemon.Host.Services.GetRequiredService<IMeterFactory>().Create("Acme.Relay");
        meter.CreateObservableCounter("acme.files.written", () => new[]
        {
            new Measurement<long>(5, new("handler", "acme"), new("file", "a.log")),
            new Measurement<long>(7, new("handler", "acme"), new("file", "b.log")),
        });
        var added = meter.CreateCounter<long>("acme.bytes");
        added.Add(3, new KeyValuePair<string, object?>("handler", "acme"), new KeyValuePair<string, object?>("file", "a.log"));
        added.Add(4, new KeyValuePair<string, object?>("handler", "acme"), new KeyValuePair<string, object?>("file", "b.log"));

        using var stats = await ControlClient.AskAsync(daemon.Path("control.sock"), "stats");

        var acme = stats.RootElement.GetProperty("handlers").GetProperty("acme");
        Assert.Equal(12, acme.GetProperty("acme.files.written").GetInt64());
        Assert.Equal(7, acme.GetProperty("acme.bytes").GetInt64());
    }

    [Fact]
    public async Task Stats_AHandlersCallbackThatDoesNotReturn_StatsAndHealthStillAnswered()
    {
        await using var daemon = await StartWithControlAsync();
        using var release = new ManualResetEventSlim();
        var meter = daemon.Host.Services.GetRequiredService<IMeterFactory>().Create("Acme.Stuck");
        meter.CreateObservableCounter("acme.stuck", () =>
        {
            release.Wait(TestWait.Timeout);
            return new Measurement<long>(1, new KeyValuePair<string, object?>("handler", "stuck"));
        });

        try
        {
            using var stats = await ControlClient.AskAsync(daemon.Path("control.sock"), "stats");
            using var health = await ControlClient.AskAsync(daemon.Path("control.sock"), "health");

            Assert.False(stats.RootElement.GetProperty("handlers").TryGetProperty("stuck", out _));
            Assert.Equal("Healthy", health.RootElement.GetProperty("status").GetString());
        }
        finally
        {
            release.Set();
        }
    }

    private static async Task<ListenerHost> StartWithControlAsync()
    {
        var settings = EndpointConfig.Endpoint("ingest", "in.sock", ["log"]);
        settings["Daemon:ControlPath"] = "control.sock";
        var daemon = ListenerHost.Create(settings);
        await daemon.StartAsync();
        return daemon;
    }
}
