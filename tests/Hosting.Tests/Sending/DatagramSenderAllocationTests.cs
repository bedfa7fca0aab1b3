using UnixDatagram.Handlers;
using UnixDatagram.Hosting.Sending;
using static UnixDatagram.Hosting.Tests.SenderHarness;

namespace UnixDatagram.Hosting.Tests.Sending;

public sealed class DatagramSenderAllocationTests
{
    [Fact]
    public async Task SendAsync_Uncongested_AllocatesNothing()
    {
        using var dir = new TempDirectory();
        using var receiver = new TestReceiver(dir.File("peer.sock"));
        receiver.Start();
        await using var harness = new SenderHarness(dir, Target("out", "peer.sock"));
        var measured = new TaskCompletionSource<long[]>(TaskCreationOptions.RunContinuationsAsynchronously);

        // One dedicated, warmed-up thread: a thread's first run of a path does one-time setup, and awaiting would hop
        // between pool threads. The thread's allocation counter also jumps now and then by a few KB with no allocation
        // of ours (seen the same with a bare UnixDatagramSocket.Send), so the test takes the cleanest of ten batches:
        // one allocation per send would show in every batch as at least 100 objects.
        var thread = new Thread(() =>
        {
            try
            {
                measured.SetResult(MeasureUncongestedSends(harness.Sender, receiver, batches: 10, roundsPerBatch: 20));
            }
            catch (Exception ex)
            {
                measured.SetException(ex);
            }
        });
        thread.Start();
        var batches = await measured.Task.WaitAsync(TestWait.Timeout * 3);

        Assert.True(batches.Min() == 0, $"Bytes allocated per batch of 100 sends: {string.Join(", ", batches)}");
        Assert.Equal(0, harness.Statistics.Target("out").Queued);
    }

    /// <summary>
    /// Per batch, the bytes allocated by its sends. Sends go five at a time and the peer catches up before the next
    /// five, so the kernel queue (10) never fills and every send takes the uncongested path.
    /// </summary>
    private static long[] MeasureUncongestedSends(DatagramSender sender, TestReceiver receiver, int batches, int roundsPerBatch)
    {
        var payload = new byte[64];
        var results = new SendResult[5];
        var allocated = new long[batches];
        var total = 0;
        for (var round = -roundsPerBatch; round < batches * roundsPerBatch; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < results.Length; i++)
            {
                results[i] = Synchronous(sender.SendAsync("out", payload));
            }

            var after = GC.GetAllocatedBytesForCurrentThread();
            if (round >= 0)
            {
                allocated[round / roundsPerBatch] += after - before;
            }

            Assert.All(results, r => Assert.Equal(SendResult.Sent, r));
            total += results.Length;
            receiver.WaitForAsync(total, TestWait.Timeout).GetAwaiter().GetResult();
        }

        return allocated;
    }
}
