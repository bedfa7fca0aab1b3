using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using UnixDatagram.Handlers;
using static UnixDatagram.Hosting.Tests.Payloads;
using static UnixDatagram.Hosting.Tests.SenderHarness;

namespace UnixDatagram.Hosting.Tests.Health;

public sealed class TargetHealthCheckTests
{
    [Fact]
    public async Task CheckHealth_CongestedPastUnhealthyAfterThenDrained_DegradedUnhealthyHealthy()
    {
        using var dir = new TempDirectory();
        using var receiver = new TestReceiver(dir.File("peer.sock"));
        var target = Target("out", "peer.sock");
        target.UnhealthyAfter = TimeSpan.FromSeconds(30);
        await using var harness = new SenderHarness(dir, target);
        harness.Sender.Start();
        Assert.Equal(HealthStatus.Healthy, (await harness.HealthAsync("out")).Status);

        var tasks = Enumerable.Range(0, 40).Select(i => harness.Sender.SendAsync("out", Number(i)).AsTask()).ToList();
        var congestedAt = harness.Time.GetUtcNow();
        var degraded = await harness.HealthAsync("out");
        harness.Time.Advance(TimeSpan.FromSeconds(29));
        var stillDegraded = await harness.HealthAsync("out");
        harness.Time.Advance(TimeSpan.FromSeconds(2));
        var unhealthy = await harness.HealthAsync("out");

        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Equal("Congested", degraded.Data["state"]);
        Assert.Equal(congestedAt, degraded.Data["congestedSince"]);
        Assert.Equal(tasks.Count(t => !t.IsCompleted), degraded.Data["queueLength"]);
        Assert.Equal(1L, degraded.Data["congestionEvents"]);
        Assert.Equal(HealthStatus.Degraded, stillDegraded.Status);
        Assert.Equal(HealthStatus.Unhealthy, unhealthy.Status);
        Assert.Equal(TimeSpan.FromSeconds(31), unhealthy.Data["congestedFor"]);

        receiver.Start();
        await Task.WhenAll(tasks).WaitAsync(TestWait.Timeout);
        var healthy = await harness.HealthAsync("out");

        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        Assert.Equal("Connected", healthy.Data["state"]);
        Assert.Equal(40L, healthy.Data["sent"]);
        Assert.Equal(0, healthy.Data["queueLength"]);
        Assert.False(healthy.Data.ContainsKey("congestedSince"));
    }

    [Fact]
    public async Task CheckHealth_StatusChanges_LoggedOncePerChange()
    {
        using var dir = new TempDirectory();
        using var receiver = new TestReceiver(dir.File("peer.sock"));
        await using var harness = new SenderHarness(dir, Target("out", "peer.sock"));
        harness.Sender.Start();
        await harness.HealthAsync("out");
        await harness.HealthAsync("out");
        var tasks = Enumerable.Range(0, 30).Select(i => harness.Sender.SendAsync("out", Number(i)).AsTask()).ToList();
        await harness.HealthAsync("out");
        await harness.HealthAsync("out");
        receiver.Start();
        await Task.WhenAll(tasks).WaitAsync(TestWait.Timeout);
        await harness.HealthAsync("out");
        await harness.HealthAsync("out");

        var changes = harness.Log.Messages(3020).ToList();

        Assert.Equal(2, changes.Count);
        Assert.Contains("from Healthy to Degraded", changes[0], StringComparison.Ordinal);
        Assert.Contains("from Degraded to Healthy", changes[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealth_OneRegistrationPerTarget_NamedAndTagged()
    {
        using var dir = new TempDirectory();
        await using var harness = new SenderHarness(dir, Target("a", "a.sock"), AbstractTarget("b", "@b-" + Guid.NewGuid().ToString("N")));
        harness.Sender.Start();

        var report = await harness.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("target"));

        Assert.Equal(["target:a", "target:b"], report.Entries.Keys.Order(StringComparer.Ordinal));
        Assert.All(report.Entries.Values, e => Assert.Equal(HealthStatus.Unhealthy, e.Status));
        Assert.All(report.Entries.Values, e => Assert.Equal("Disconnected", e.Data["state"]));
        Assert.Equal(SendResult.PeerUnavailable, await harness.Sender.SendAsync("a", new byte[1]));
    }
}
