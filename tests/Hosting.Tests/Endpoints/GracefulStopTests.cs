using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests.Endpoints;

public sealed class GracefulStopTests
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(7);

    [Fact]
    public async Task StopAsync_HandlerFinishesWithinShutdownTimeout_InFlightAndQueuedCompleteBeforeStopReturns()
    {
        var gate = new GateHandler();
        await using var daemon = ListenerHost.Create(Config(), ("gate", gate));
        await daemon.StartAsync();
        await SendHeldAsync(daemon, gate, queued: 3);

        var stopping = daemon.StopAsync();
        await daemon.Clock.ArmedAsync(ShutdownTimeout).Within();
        Assert.False(stopping.IsCompleted, "StopAsync returned while a handler was still running");
        Assert.True(Path.Exists(daemon.Path("ingest.sock")));
        gate.Open();
        await stopping.Within();

        Assert.Equal(4, gate.Completed);
        Assert.Equal(0, gate.CancelledCount);
        var stats = daemon.Endpoint("ingest");
        Assert.Equal(4, stats.Handled);
        Assert.Equal(0, stats.Dropped);
        Assert.Empty(daemon.Log.Events(1106));
        Assert.False(Path.Exists(daemon.Path("ingest.sock")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task StopAsync_HandlerNeverFinishes_ReturnsAfterShutdownTimeoutAndCountsEveryDatagramOnce(bool honoursCancellation)
    {
        var gate = new GateHandler(honoursCancellation);
        await using var daemon = ListenerHost.Create(Config(), ("gate", gate));
        await daemon.StartAsync();
        await SendHeldAsync(daemon, gate, queued: 3);

        var stopping = daemon.StopAsync();
        await daemon.Clock.ArmedAsync(ShutdownTimeout).Within();
        daemon.Clock.Advance(ShutdownTimeout);
        await stopping.Within();

        // One running (abandoned and cancelled) plus three queued: each counted once, as dropped.
        var stats = daemon.Endpoint("ingest");
        Assert.Equal(4, stats.Dropped);
        Assert.Equal(0, stats.Handled);
        Assert.Equal(0, stats.TimedOut);
        Assert.Equal(0, stats.Failed);
        Assert.Equal(0, gate.Completed);
        var report = Assert.Single(daemon.Log.Events(1106));
        Assert.Contains("1 still being handled", report.Message, StringComparison.Ordinal);
        Assert.Contains("3 queued", report.Message, StringComparison.Ordinal);
        Assert.False(Path.Exists(daemon.Path("ingest.sock")));
        if (honoursCancellation)
        {
            await gate.Cancelled.Within();
            Assert.Empty(daemon.Log.Events(1101));
        }

        gate.Open();
    }

    [Fact]
    public async Task StopAsync_DatagramsStillInKernelQueue_CountedAsDropped()
    {
        const int Count = 8;
        var gate = new GateHandler(honourCancellation: false);
        await using var daemon = ListenerHost.Create(Config("QueueCapacity=1"), ("gate", gate));
        await daemon.StartAsync();
        var stopping = await StopWithKernelQueueAsync(daemon, gate, Count);
        daemon.Clock.Advance(ShutdownTimeout);
        await stopping.Within();

        Assert.Equal(Count, daemon.Endpoint("ingest").Dropped);
        Assert.Equal(0, daemon.Endpoint("ingest").Handled);
        var report = Assert.Single(daemon.Log.Events(1106));
        Assert.Contains("unread in the kernel queue", report.Message, StringComparison.Ordinal);
        gate.Open();
    }

    [Fact]
    public async Task StopAsync_HandlersFinishInTimeWithDatagramsInKernelQueue_ReportsThemUnreadWithoutBlamingTheTimeout()
    {
        const int Count = 8;
        var gate = new GateHandler(honourCancellation: false);
        await using var daemon = ListenerHost.Create(Config("QueueCapacity=1"), ("gate", gate));
        await daemon.StartAsync();
        var stopping = await StopWithKernelQueueAsync(daemon, gate, Count);
        gate.Open();
        await stopping.Within();

        var endpoint = daemon.Endpoint("ingest");
        Assert.Equal(Count, endpoint.Handled + endpoint.Dropped);
        Assert.True(endpoint.Dropped > 0, "some datagrams stay in the kernel queue");
        Assert.Empty(daemon.Log.Events(1106));
        var report = Assert.Single(daemon.Log.Events(1114));
        Assert.Contains($"{endpoint.Dropped} datagram(s) unread in the kernel queue", report.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ShutdownTimeout", report.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopAsync_WhileDatagramsArrive_EveryDatagramReadIsCountedOnce()
    {
        var recorder = new RecordingHandler();
        await using var daemon = ListenerHost.Create(
            EndpointConfig.Endpoint("ingest", "ingest.sock", ["yield", "record"], "Dispatch=Concurrent", "MaxConcurrency=4", "QueueCapacity=16"),
            ("yield", new YieldingHandler()),
            ("record", recorder));
        await daemon.StartAsync();
        var sent = 0;
        var flood = Task.Run(async () =>
        {
            using var client = daemon.Connect("ingest.sock");
            try
            {
                while (true)
                {
                    await client.SendAsync(Payloads.Number(sent));
                    sent++;
                }
            }
            catch (UnixSocketException)
            {
                // The endpoint closed: the flood is over.
            }
        });
        await recorder.WaitForAsync(500).Within();

        await daemon.StopAsync().Within();
        await flood.Within();

        // Read datagrams were each handled or dropped, once; those never read are counted dropped as unread.
        var stats = daemon.Endpoint("ingest");
        var unread = daemon.Log.Events(1106).Concat(daemon.Log.Events(1114)).Sum(e => (int)e.State["Unread"]!);
        Assert.Equal(stats.Received, stats.Handled + stats.Dropped - unread);
        Assert.Equal(stats.Handled, recorder.Received.Count);
        Assert.Equal(recorder.Received.Count, Payloads.Numbers(recorder.Payloads).Distinct().Count());
        Assert.True(stats.Received + unread <= sent, $"{stats.Received} read and {unread} unread, but only {sent} sent");
    }

    private static Dictionary<string, string?> Config(params string[] settings) => EndpointConfig.Merge(
        EndpointConfig.Endpoint("ingest", "ingest.sock", ["gate"], ["MaxDatagramSize=16", .. settings]),
        new Dictionary<string, string?> { ["Daemon:ShutdownTimeout"] = "00:00:07" });

    /// <summary>
    /// Sends <paramref name="count"/> datagrams: one held in the handler, and, the pool (queue 1 + 1 worker) soon full,
    /// the rest in the kernel queue, which holds 10. Then begins the stop and returns it once it waits for ShutdownTimeout.
    /// </summary>
    private static async Task<Task> StopWithKernelQueueAsync(ListenerHost daemon, GateHandler gate, int count)
    {
        using var client = daemon.Connect("ingest.sock");
        await client.SendAsync(Payloads.Number(0)).Within();
        await gate.WaitEnteredAsync(1).Within();
        for (var i = 1; i < count; i++)
        {
            Assert.Equal(SendStatus.Sent, client.Send(Payloads.Number(i)));
        }

        var stopping = daemon.StopAsync();
        await daemon.Clock.ArmedAsync(ShutdownTimeout).Within();
        return stopping;
    }

    /// <summary>One datagram held in the handler, <paramref name="queued"/> behind it, and proof they were all read.</summary>
    private static async Task SendHeldAsync(ListenerHost daemon, GateHandler gate, int queued)
    {
        using var client = daemon.Connect("ingest.sock");
        await TestSockets.SendNumbersAsync(client, 0, queued + 1);

        await gate.WaitEnteredAsync(1).Within();

        // Read in order: the oversized datagram reported means all before it are held or queued.
        await client.SendAsync(Payloads.Oversized()).Within();
        await daemon.Log.WaitForAsync(1103).Within();
    }
}
