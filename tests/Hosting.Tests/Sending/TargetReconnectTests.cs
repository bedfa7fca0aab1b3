using Microsoft.Extensions.Diagnostics.HealthChecks;
using UnixDatagram.Handlers;
using static UnixDatagram.Hosting.Tests.Payloads;
using static UnixDatagram.Hosting.Tests.SenderHarness;

namespace UnixDatagram.Hosting.Tests.Sending;

public sealed class TargetReconnectTests
{
    private static readonly TimeSpan MinDelay = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task SendAsync_PeerClosedThenBack_PeerUnavailableUnhealthyThenReconnects()
    {
        using var dir = new TempDirectory();
        var path = dir.File("peer.sock");
        var first = new TestReceiver(path);
        first.Start();
        await using var harness = new SenderHarness(dir, Target("out", "peer.sock"));
        Assert.Equal(SendResult.Sent, await harness.Sender.SendAsync("out", Number(1)));
        await first.WaitForAsync(1, TestWait.Timeout);

        ForkGate.Close(first);
        var lost = await harness.Sender.SendAsync("out", Number(2));
        var health = await harness.HealthAsync("out");
        var whileDown = await harness.Sender.SendAsync("out", Number(3));

        Assert.Equal(SendResult.PeerUnavailable, lost);
        Assert.Equal(SendResult.PeerUnavailable, whileDown);
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Equal("Disconnected", health.Data["state"]);
        Assert.Equal(2, harness.Statistics.Target("out").PeerUnavailable);
        Assert.Contains(harness.Log.Entries, e => e.EventId == 3005 && e.Message.Contains("ECONNREFUSED", StringComparison.Ordinal));

        using var second = new TestReceiver(path);
        second.Start();
        harness.Time.Advance(MinDelay);

        Assert.Equal(HealthStatus.Healthy, (await harness.HealthAsync("out")).Status);
        Assert.Equal(SendResult.Sent, await harness.Sender.SendAsync("out", Number(4)));
        Assert.Equal([4], (await second.WaitForAsync(1, TestWait.Timeout)).Select(Number));
        Assert.Contains(harness.Log.Entries, e => e.EventId == 3006);
    }

    [Fact]
    public async Task Start_PeerMissing_WarnsAndRetriesWithDoublingBackoff()
    {
        using var dir = new TempDirectory();
        await using var harness = new SenderHarness(dir, Target("out", "peer.sock"));

        harness.Sender.Start();

        Assert.Contains(harness.Log.Entries, e => e.EventId == 3001 && e.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.Equal(HealthStatus.Unhealthy, (await harness.HealthAsync("out")).Status);
        Assert.Equal(SendResult.PeerUnavailable, await harness.Sender.SendAsync("out", Number(0)));

        harness.Time.Advance(MinDelay);
        Assert.Single(harness.Log.Messages(3007));
        using var receiver = new TestReceiver(dir.File("peer.sock"));
        receiver.Start();

        // The second attempt is due 2 x 100 ms after the first failed one, not 100 ms.
        harness.Time.Advance(MinDelay);
        Assert.Equal(HealthStatus.Unhealthy, (await harness.HealthAsync("out")).Status);
        harness.Time.Advance(MinDelay);
        Assert.Equal(HealthStatus.Healthy, (await harness.HealthAsync("out")).Status);

        Assert.Equal(SendResult.Sent, await harness.Sender.SendAsync("out", Number(7)));
        Assert.Equal([7], (await receiver.WaitForAsync(1, TestWait.Timeout)).Select(Number));
    }

    [Fact]
    public async Task PeerLost_WaitPolicySendsQueued_CompletePeerUnavailable()
    {
        using var dir = new TempDirectory();
        var receiver = new TestReceiver(dir.File("peer.sock"));
        await using var harness = new SenderHarness(dir, Target("out", "peer.sock", TargetCongestionMode.Wait, capacity: 8));
        var tasks = Enumerable.Range(0, 40).Select(i => harness.Sender.SendAsync("out", Number(i)).AsTask()).ToList();
        var pending = tasks.Where(t => !t.IsCompleted).ToList();
        Assert.NotEmpty(pending);

        // The pump is waiting for the peer to drain; the peer's end wakes it, and its next send finds the peer gone.
        ForkGate.Close(receiver);
        var results = await Task.WhenAll(pending).WaitAsync(TestWait.Timeout);

        Assert.All(results, r => Assert.Equal(SendResult.PeerUnavailable, r));
        Assert.Equal(pending.Count, harness.Statistics.Target("out").PeerUnavailable);
        Assert.Contains(harness.Log.Messages(3005), m => m.Contains($"completed as PeerUnavailable: {pending.Count}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PeerLost_DropNewestQueue_KeptAndSentAfterReconnect()
    {
        using var dir = new TempDirectory();
        var path = dir.File("peer.sock");
        var first = new TestReceiver(path);
        await using var harness = new SenderHarness(dir, Target("out", "peer.sock", TargetCongestionMode.DropNewest, capacity: 8));
        var queued = new List<int>();
        for (var i = 0; queued.Count < 5; i++)
        {
            Assert.True(i < 1000, "the peer never became congested");
            if (await harness.Sender.SendAsync("out", Number(i)) == SendResult.Queued)
            {
                queued.Add(i);
            }
        }

        ForkGate.Close(first);
        await harness.Log.WaitForAsync(3005).WaitAsync(TestWait.Timeout);
        Assert.Equal(SendResult.PeerUnavailable, await harness.Sender.SendAsync("out", Number(-1)));
        Assert.Equal(5, (await harness.HealthAsync("out")).Data["queueLength"]);

        using var second = new TestReceiver(path);
        second.Start();
        harness.Time.Advance(MinDelay);

        // Sent the moment the target reconnects, while the kept queue (5 of 8) is still going out: it must not overtake it.
        var marker = await harness.Sender.SendAsync("out", Number(1000));
        var received = await second.WaitForAsync(6, TestWait.Timeout);

        Assert.Contains(marker, new[] { SendResult.Sent, SendResult.Queued });
        Assert.Equal([.. queued, 1000], received.Select(Number));
        Assert.Equal(0, harness.Statistics.Target("out").Dropped);
    }
}
