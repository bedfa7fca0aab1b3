using UnixDatagram.Handlers;
using static UnixDatagram.Hosting.Tests.Payloads;
using static UnixDatagram.Hosting.Tests.SenderHarness;

namespace UnixDatagram.Hosting.Tests.Sending;

public sealed class DatagramSenderDisposeTests
{
    [Fact]
    public async Task DisposeAsync_DatagramsStillQueued_CountedDroppedAndLogged()
    {
        using var dir = new TempDirectory();
        using var receiver = new TestReceiver(dir.File("peer.sock"));
        await using var harness = new SenderHarness(dir, Target("out", "peer.sock", TargetCongestionMode.DropNewest, capacity: 5));
        var queued = 0;
        for (var i = 0; queued < 5; i++)
        {
            Assert.True(i < 1000, "the peer never became congested");
            queued += await harness.Sender.SendAsync("out", Number(i)) == SendResult.Queued ? 1 : 0;
        }

        await harness.Sender.DisposeAsync();

        Assert.Equal(5, harness.Statistics.Target("out").Dropped);
        Assert.Contains(harness.Log.Messages(3009), m => m.Contains("5 datagram(s)", StringComparison.Ordinal));
        Assert.Throws<ObjectDisposedException>(() => { _ = harness.Sender.SendAsync("out", Number(0)).AsTask(); });
    }

    [Fact]
    public async Task DisposeAsync_WaitPolicySendsPending_CompleteDropped()
    {
        using var dir = new TempDirectory();
        using var receiver = new TestReceiver(dir.File("peer.sock"));
        await using var harness = new SenderHarness(dir, Target("out", "peer.sock", TargetCongestionMode.Wait, capacity: 4));
        var tasks = Enumerable.Range(0, 50).Select(i => harness.Sender.SendAsync("out", Number(i)).AsTask()).ToList();
        var pending = tasks.Where(t => !t.IsCompleted).ToList();

        await harness.Sender.DisposeAsync();

        Assert.NotEmpty(pending);
        Assert.All(await Task.WhenAll(pending).WaitAsync(TestWait.Timeout), r => Assert.Equal(SendResult.Dropped, r));
        Assert.Equal(pending.Count, harness.Statistics.Target("out").Dropped);
    }
}
