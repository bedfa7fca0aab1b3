using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace UnixDatagram.Hosting.Tests.Health;

public sealed class EndpointHealthTests
{
    [Fact]
    public async Task Truncation_EveryReaderSeesDegradedForAMinute_ThenHealthy()
    {
        var recorder = new RecordingHandler();
        await using var daemon = ListenerHost.Create(
            EndpointConfig.Endpoint("ingest", "ingest.sock", ["record"], "MaxDatagramSize=16"),
            ("record", recorder));
        await daemon.StartAsync();
        Assert.Equal(HealthStatus.Healthy, (await daemon.HealthAsync("ingest")).Status);

        using (var client = new Transport.UnixDatagramSocket())
        {
            client.Connect(daemon.Path("ingest.sock"));
            client.Send(new byte[100]);
            client.Send(new byte[8]);
        }

        await recorder.WaitForAsync(1).Within();
        Assert.Equal(1, daemon.Endpoint("ingest").Truncated);

        // The watchdog, the status line and 'dgramd health' all run the checks: none may take the news from the others.
        Assert.Equal(HealthStatus.Degraded, (await daemon.HealthAsync("ingest")).Status);
        Assert.Equal(HealthStatus.Degraded, (await daemon.HealthAsync("ingest")).Status);
        daemon.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(HealthStatus.Degraded, (await daemon.HealthAsync("ingest")).Status);
        daemon.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HealthStatus.Healthy, (await daemon.HealthAsync("ingest")).Status);
    }

    [Fact]
    public async Task Truncation_HealthFirstAskedLaterThanAMinute_Healthy()
    {
        await using var daemon = await StartAsync();
        await TruncateAsync(daemon);

        // Nobody asked while it was recent (no watchdog off systemd): the minute counts from the truncation itself.
        daemon.Clock.Advance(TimeSpan.FromSeconds(90));

        var health = await daemon.HealthAsync("ingest");
        Assert.True(health.Status == HealthStatus.Healthy, health.Description);
    }

    [Fact]
    public async Task Truncation_HealthFirstAskedWithinTheMinute_DegradedSayingWhenUntilAMinuteAfterTheTruncation()
    {
        await using var daemon = await StartAsync();
        await TruncateAsync(daemon);
        daemon.Clock.Advance(TimeSpan.FromSeconds(40));

        var first = await daemon.HealthAsync("ingest");
        daemon.Clock.Advance(TimeSpan.FromSeconds(21));
        var later = await daemon.HealthAsync("ingest");

        Assert.Equal(HealthStatus.Degraded, first.Status);
        Assert.Contains("in the last 60 s (the last 40 s ago; 1 in all)", first.Description, StringComparison.Ordinal);
        Assert.True(later.Status == HealthStatus.Healthy, later.Description);
    }

    private static async Task<ListenerHost> StartAsync()
    {
        var daemon = ListenerHost.Create(EndpointConfig.Endpoint("ingest", "ingest.sock", ["record"], "MaxDatagramSize=16"), ("record", new RecordingHandler()));
        await daemon.StartAsync();
        return daemon;
    }

    /// <summary>One datagram over MaxDatagramSize from Python, then one that fits and is handled, so the first was counted.</summary>
    private static async Task TruncateAsync(ListenerHost daemon)
    {
        var big = await ExternalProcess.PythonAsync(PythonPeers.SendUnbound, daemon.Path("ingest.sock"), Convert.ToHexString(new byte[100]));
        Assert.True(big.ExitCode == 0, big.ToString());
        var small = await ExternalProcess.PythonAsync(PythonPeers.SendUnbound, daemon.Path("ingest.sock"), "6f6b");
        Assert.True(small.ExitCode == 0, small.ToString());
        var recorder = (RecordingHandler)daemon.Host.Services.GetRequiredKeyedService<UnixDatagram.Handlers.IDatagramHandler>("record");
        await recorder.WaitForAsync(1).Within();
        Assert.Equal(1, daemon.Endpoint("ingest").Truncated);
    }
}
