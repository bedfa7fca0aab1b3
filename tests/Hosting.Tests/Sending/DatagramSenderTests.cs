using Microsoft.Extensions.Diagnostics.HealthChecks;
using UnixDatagram.Handlers;
using static UnixDatagram.Hosting.Tests.Payloads;
using static UnixDatagram.Hosting.Tests.SenderHarness;

namespace UnixDatagram.Hosting.Tests.Sending;

public sealed class DatagramSenderTests
{
    [Fact]
    public async Task SendAsync_ConnectedPeer_ArrivesIntact()
    {
        using var dir = new TempDirectory();
        using var receiver = new TestReceiver(dir.File("peer.sock"));
        receiver.Start();
        await using var harness = new SenderHarness(dir, Target("out", "peer.sock"));
        byte[] payload = [0, 1, 2, 255, 0, 42, .. "hello"u8];

        var result = await harness.Sender.SendAsync("out", payload);

        Assert.Equal(SendResult.Sent, result);
        var received = await receiver.WaitForAsync(1, TestWait.Timeout);
        Assert.Equal(payload, received[0]);
        Assert.Equal(1, harness.Statistics.Target("out").Sent);
        Assert.Equal(payload.Length, harness.Statistics.Target("out").Bytes);
    }

    [Fact]
    public async Task SendAsync_UnknownTarget_ThrowsArgumentExceptionListingTargets()
    {
        using var dir = new TempDirectory();
        await using var harness = new SenderHarness(dir, Target("alpha", "a.sock"), Target("beta", "b.sock"));

        var ex = Assert.Throws<ArgumentException>(() => { _ = harness.Sender.SendAsync("gamma", new byte[1]).AsTask(); });

        Assert.Equal("target", ex.ParamName);
        Assert.Contains("'gamma'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'alpha', 'beta'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["alpha", "beta"], harness.Sender.TargetNames);
    }

    [Fact]
    public async Task SendAsync_WaitPolicyThroughCongestion_AllArriveInOrder()
    {
        using var dir = new TempDirectory();
        using var receiver = new TestReceiver(dir.File("peer.sock"));
        await using var harness = new SenderHarness(dir, Target("out", "peer.sock", TargetCongestionMode.Wait, capacity: 1024));
        const int BeforeReading = 250;
        const int Count = 3000;
        var tasks = new List<Task<SendResult>>();
        var firstQueued = -1;
        for (var i = 0; i < BeforeReading; i++)
        {
            var send = harness.Sender.SendAsync("out", Number(i)).AsTask();
            if (!send.IsCompleted && firstQueued < 0)
            {
                firstQueued = i;
            }

            tasks.Add(send);
        }

        // The peer is not reading: the sender reported congestion, and nothing queued has gone out.
        Assert.InRange(firstQueued, 1, BeforeReading - 1);
        Assert.All(tasks.Skip(firstQueued), t => Assert.False(t.IsCompleted));
        Assert.Equal("Congested", (await harness.HealthAsync("out")).Data["state"]);

        // The peer starts reading while sends go on: they race the pump draining the queue, and must not overtake it.
        receiver.Start();
        for (var i = BeforeReading; i < Count; i++)
        {
            tasks.Add(harness.Sender.SendAsync("out", Number(i)).AsTask());
        }

        var results = await Task.WhenAll(tasks).WaitAsync(TestWait.Timeout);
        var received = await receiver.WaitForAsync(Count, TestWait.Timeout);

        Assert.All(results, r => Assert.Equal(SendResult.Sent, r));
        Assert.Equal(Enumerable.Range(0, Count), received.Select(Number));
        var stats = harness.Statistics.Target("out");
        Assert.Equal(Count, stats.Sent);
        Assert.True(stats.Queued >= BeforeReading - firstQueued);
        Assert.Equal(0, stats.Dropped);
        Assert.True(stats.CongestionEvents >= 1);
    }

    [Fact]
    public async Task SendAsync_WaitPolicyQueueFull_CallersWaitForRoomAndOrderHolds()
    {
        using var dir = new TempDirectory();
        using var receiver = new TestReceiver(dir.File("peer.sock"));
        await using var harness = new SenderHarness(dir, Target("out", "peer.sock", TargetCongestionMode.Wait, capacity: 8));
        const int Count = 220;
        var tasks = new List<Task<SendResult>>();
        for (var i = 0; i < Count; i++)
        {
            tasks.Add(harness.Sender.SendAsync("out", Number(i)).AsTask());
        }

        var pending = tasks.Count(t => !t.IsCompleted);
        var health = await harness.HealthAsync("out");
        Assert.Equal(pending, health.Data["queueLength"]);
        Assert.Equal(pending - 8, health.Data["waitingForRoom"]);

        receiver.Start();
        var results = await Task.WhenAll(tasks).WaitAsync(TestWait.Timeout);
        var received = await receiver.WaitForAsync(Count, TestWait.Timeout);

        Assert.All(results, r => Assert.Equal(SendResult.Sent, r));
        Assert.Equal(Enumerable.Range(0, Count), received.Select(Number));
        Assert.Equal(0, harness.Statistics.Target("out").Dropped);
    }

    [Fact]
    public async Task SendAsync_DropNewestQueueFull_ReturnsDroppedAndCountsThem()
    {
        using var dir = new TempDirectory();
        using var receiver = new TestReceiver(dir.File("peer.sock"));
        await using var harness = new SenderHarness(dir, Target("out", "peer.sock", TargetCongestionMode.DropNewest, capacity: 5));
        var results = new List<SendResult>();
        for (var i = 0; i < 100; i++)
        {
            results.Add(Synchronous(harness.Sender.SendAsync("out", Number(i))));
        }

        var sent = results.Count(r => r == SendResult.Sent);
        Assert.Equal([.. Enumerable.Repeat(SendResult.Sent, sent), .. Enumerable.Repeat(SendResult.Queued, 5), .. Enumerable.Repeat(SendResult.Dropped, 100 - sent - 5)], results);
        var stats = harness.Statistics.Target("out");
        Assert.Equal(100 - sent - 5, stats.Dropped);
        Assert.Equal(5, stats.Queued);
        Assert.Contains(harness.Log.Entries, e => e.EventId == 3008);

        receiver.Start();
        await receiver.WaitForAsync(sent + 5, TestWait.Timeout);
        var marker = await harness.Sender.SendAsync("out", Number(1000));
        var received = await receiver.WaitForAsync(sent + 6, TestWait.Timeout);

        Assert.Contains(marker, new[] { SendResult.Sent, SendResult.Queued });
        Assert.Equal([.. Enumerable.Range(0, sent + 5), 1000], received.Select(Number));
    }

    [Fact]
    public async Task SendAsync_FailPolicyCongested_ReturnsCongestedAndQueuesNothing()
    {
        using var dir = new TempDirectory();
        using var receiver = new TestReceiver(dir.File("peer.sock"));
        await using var harness = new SenderHarness(dir, Target("out", "peer.sock", TargetCongestionMode.Fail));
        var sent = 0;
        SendResult result;
        while ((result = await harness.Sender.SendAsync("out", Number(sent))) == SendResult.Sent && sent < 1000)
        {
            sent++;
        }

        var again = await harness.Sender.SendAsync("out", Number(-1));

        Assert.Equal(SendResult.Congested, result);
        Assert.Equal(SendResult.Congested, again);
        var stats = harness.Statistics.Target("out");
        Assert.Equal(0, stats.Queued);
        Assert.Equal(1, stats.CongestionEvents);
        Assert.Equal(HealthStatus.Degraded, (await harness.HealthAsync("out")).Status);

        receiver.Start();
        await receiver.WaitForAsync(sent, TestWait.Timeout);
        Assert.Equal(SendResult.Sent, await harness.Sender.SendAsync("out", Number(1000)));
        var received = await receiver.WaitForAsync(sent + 1, TestWait.Timeout);
        Assert.Equal([.. Enumerable.Range(0, sent), 1000], received.Select(Number));
    }

    [Fact]
    public async Task SendAsync_QueuedSendCancelled_IsCancelledAndNeverSent()
    {
        using var dir = new TempDirectory();
        using var receiver = new TestReceiver(dir.File("peer.sock"));
        await using var harness = new SenderHarness(dir, Target("out", "peer.sock"));
        var tasks = new List<Task<SendResult>>();
        for (var i = 0; tasks.Count == 0 || tasks[^1].IsCompleted; i++)
        {
            Assert.True(i < 1000, "the peer never became congested");
            tasks.Add(harness.Sender.SendAsync("out", Number(i)).AsTask());
        }

        using var cts = new CancellationTokenSource();
        var cancelled = harness.Sender.SendAsync("out", Number(-1), cts.Token).AsTask();
        var last = harness.Sender.SendAsync("out", Number(-2)).AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(TestWait.Timeout));
        receiver.Start();
        Assert.Equal(SendResult.Sent, await last.WaitAsync(TestWait.Timeout));
        var received = await receiver.WaitForAsync(tasks.Count + 1, TestWait.Timeout);
        Assert.Equal([.. Enumerable.Range(0, tasks.Count), -2], received.Select(Number));
    }

    [Fact]
    public async Task SendAsync_DatagramLargerThanSendBuffer_ThrowsAndCountsFailed()
    {
        using var dir = new TempDirectory();
        using var receiver = new TestReceiver(dir.File("peer.sock"));
        var target = Target("out", "peer.sock");
        target.SendBufferSize = 4096;
        await using var harness = new SenderHarness(dir, target);

        var ex = await Assert.ThrowsAsync<UnixDatagram.Transport.UnixSocketException>(() => harness.Sender.SendAsync("out", new byte[65536]).AsTask());

        Assert.Equal("EMSGSIZE", ex.ErrorName);
        Assert.Equal(1, harness.Statistics.Target("out").Failed);
        Assert.Equal(SendResult.Sent, await harness.Sender.SendAsync("out", new byte[16]));
    }

    [Fact]
    public async Task SendAsync_ManyQueuedDatagramsLargerThanSendBuffer_OneErrorLoggedPerInterval()
    {
        const int large = 30;
        using var dir = new TempDirectory();
        using var receiver = new TestReceiver(dir.File("peer.sock"));
        var target = Target("out", "peer.sock", TargetCongestionMode.DropNewest, capacity: 100);
        target.SendBufferSize = 4096;
        await using var harness = new SenderHarness(dir, target);
        var small = 0;
        for (var queued = false; !queued; small++)
        {
            Assert.True(small < 1000, "the peer never became congested");
            queued = await harness.Sender.SendAsync("out", Number(small)) == SendResult.Queued;
        }

        // Queued behind the congestion, each fails with EMSGSIZE when the queue drains.
        for (var i = 0; i < large; i++)
        {
            Assert.Equal(SendResult.Queued, await harness.Sender.SendAsync("out", new byte[65536]));
        }

        Assert.Equal(SendResult.Queued, await harness.Sender.SendAsync("out", Number(-1)));
        receiver.Start();
        var received = await receiver.WaitForAsync(small + 1, TestWait.Timeout);

        Assert.Equal(-1, Number(received[^1]));
        var logged = Assert.Single(harness.Log.Events(3010));
        Assert.Equal(0L, logged["Suppressed"]);
        Assert.Contains("EMSGSIZE", logged.Exception?.ToString(), StringComparison.Ordinal);
    }
}
