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
}
