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
    public async Task StopAsync_DatagramsInKernelQueueWhileHandlerBlocked_AllHandledInOrderNoneDropped()
    {
        const int Count = 8;
        var gate = new GateHandler(honourCancellation: false);
        var recorder = new RecordingHandler();
        await using var daemon = ListenerHost.Create(HandledBy(["gate", "record"], "QueueCapacity=1"), ("gate", gate), ("record", recorder));
        await daemon.StartAsync();
        var stopping = await StopWithKernelQueueAsync(daemon, gate, Count);
        gate.Open();
        await stopping.Within();

        // Each sender saw its datagram accepted before the stop began: the stop reads and handles every one.
        var endpoint = daemon.Endpoint("ingest");
        Assert.Equal(Count, endpoint.Received);
        Assert.Equal(Count, endpoint.Handled);
        Assert.Equal(0, endpoint.Dropped);
        Assert.Equal(Enumerable.Range(0, Count), Payloads.Numbers(recorder.Payloads));
        Assert.Empty(daemon.Log.Events(1106));
        Assert.Empty(daemon.Log.Events(1114));
        Assert.False(Path.Exists(daemon.Path("ingest.sock")));
    }

    [Fact]
    public async Task StopAsync_TimeoutRunsOutWhileReadingKernelQueue_RestCountedDroppedOnce()
    {
        const int Count = 8;
        using var permits = new PermitHandler();
        await using var daemon = ListenerHost.Create(HandledBy(["permits"], "QueueCapacity=1"), ("permits", permits));
        await daemon.StartAsync();
        using var client = daemon.Connect("ingest.sock");
        await TestSockets.SendNumbersAsync(client, 0, Count);
        await permits.WaitEnteredAsync(1).Within();

        var stopping = daemon.StopAsync();
        await daemon.Clock.ArmedAsync(ShutdownTimeout).Within();

        // Reading goes on after the stop began: three finish, the fourth is held when the time runs out.
        permits.Let(3);
        await permits.WaitEnteredAsync(4).Within();
        daemon.Clock.Advance(ShutdownTimeout);
        await stopping.Within();

        var endpoint = daemon.Endpoint("ingest");
        var report = Assert.Single(daemon.Log.Events(1106));
        var unread = (int)report.State["Unread"]!;
        Assert.Equal(1, (int)report.State["Running"]!);
        Assert.Equal(Count - 4, (int)report.State["Queued"]! + unread);
        Assert.Equal(3, endpoint.Handled);
        Assert.Equal(Count - 3, endpoint.Dropped);
        Assert.Equal(endpoint.Received, endpoint.Handled + endpoint.Dropped - unread);
        Assert.Equal(Enumerable.Range(0, 3), Payloads.Numbers(permits.Finished));
        Assert.Empty(daemon.Log.Events(1114));
        permits.Let(Count);
    }

    [Fact]
    public async Task StopAsync_EmptyDatagramFromUnnamedSenderQueued_HandledWithWhatFollows()
    {
        var gate = new GateHandler(honourCancellation: false);
        var recorder = new RecordingHandler();
        await using var daemon = ListenerHost.Create(HandledBy(["gate", "record"], "QueueCapacity=1"), ("gate", gate), ("record", recorder));
        await daemon.StartAsync();
        using var client = daemon.Connect("ingest.sock");
        await client.SendAsync(Payloads.Number(0)).Within();
        await gate.WaitEnteredAsync(1).Within();

        // One held, one queued: the pool is out, so what follows waits in the kernel queue.
        Assert.Equal(SendStatus.Sent, client.Send(Payloads.Number(1)));
        Assert.Equal(SendStatus.Sent, client.Send(Payloads.Number(2)));
        await SendUnboundAsync(daemon, []);
        await SendUnboundAsync(daemon, "after"u8.ToArray());

        var stopping = daemon.StopAsync();
        await daemon.Clock.ArmedAsync(ShutdownTimeout).Within();
        gate.Open();
        await stopping.Within();

        var endpoint = daemon.Endpoint("ingest");
        Assert.Equal(5, endpoint.Handled);
        Assert.Equal(0, endpoint.Dropped);
        var received = recorder.Received;
        Assert.Equal(5, received.Count);
        Assert.Empty(received[3].Payload);
        Assert.Equal(0, received[3].DatagramLength);
        Assert.Equal(UnixSocketAddress.Unnamed, received[3].Sender);
        Assert.Equal("after"u8.ToArray(), received[4].Payload);
        Assert.Empty(daemon.Log.Events(1114));
    }

    [Fact]
    public async Task StopAsync_SenderAfterStopBegan_GetsEpipeWhileQueuedAreHandled()
    {
        var gate = new GateHandler(honourCancellation: false);
        await using var daemon = ListenerHost.Create(Config(), ("gate", gate));
        await daemon.StartAsync();
        using var client = daemon.Connect("ingest.sock");
        await client.SendAsync(Payloads.Number(0)).Within();
        await gate.WaitEnteredAsync(1).Within();

        var stopping = daemon.StopAsync();
        await daemon.Clock.ArmedAsync(ShutdownTimeout).Within();

        var refused = Assert.Throws<UnixSocketException>(() => client.Send(Payloads.Number(1)));
        Assert.Equal("EPIPE", refused.ErrorName);
        var python = await ExternalProcess.PythonAsync(PythonPeers.SendUnbound, daemon.Path("ingest.sock"), "6c617465");
        Assert.True(python.ExitCode == 1 && python.StandardError.Contains("Broken pipe", StringComparison.Ordinal), python.ToString());
        gate.Open();
        await stopping.Within();

        var endpoint = daemon.Endpoint("ingest");
        Assert.Equal(1, endpoint.Received);
        Assert.Equal(1, endpoint.Handled);
        Assert.Equal(0, endpoint.Dropped);
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

    private static Dictionary<string, string?> Config(params string[] settings) => HandledBy(["gate"], settings);

    private static Dictionary<string, string?> HandledBy(string[] handlers, params string[] settings) => EndpointConfig.Merge(
        EndpointConfig.Endpoint("ingest", "ingest.sock", handlers, ["MaxDatagramSize=16", .. settings]),
        new Dictionary<string, string?> { ["Daemon:ShutdownTimeout"] = "00:00:07" });

    /// <summary>Sends <paramref name="payload"/> with python3 from an unbound socket: an unnamed sender.</summary>
    private static async Task SendUnboundAsync(ListenerHost daemon, byte[] payload)
    {
        var python = await ExternalProcess.PythonAsync(PythonPeers.SendUnbound, daemon.Path("ingest.sock"), Convert.ToHexString(payload));
        Assert.True(python.ExitCode == 0, python.ToString());
    }

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
