using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests.Endpoints;

/// <summary>The default receive mode: each endpoint's own thread blocking in recvmmsg.</summary>
public sealed class DedicatedReceiveThreadTests
{
    [Fact]
    public async Task Dedicated_SlowHandler_SenderSeesCongestionNothingLostInOrder()
    {
        const int Count = 300;
        var gate = new GateHandler();
        var recorder = new RecordingHandler();
        await using var daemon = ListenerHost.Create(
            EndpointConfig.Endpoint("ingest", "ingest.sock", ["gate", "record"], "QueueCapacity=4", "ReceiveThread=Dedicated"),
            ("gate", gate),
            ("record", recorder));
        await daemon.StartAsync();
        using var client = daemon.Connect("ingest.sock");

        // The handler holds the first datagram: the endpoint reads queue plus worker, then leaves the rest in the
        // kernel queue (10), so the sender must be refused well before 100 datagrams.
        var next = 0;
        while (next < 100 && client.Send(Payloads.Number(next)) == SendStatus.Sent)
        {
            next++;
        }

        Assert.True(next < 100, "the sender never saw congestion");
        gate.Open();
        await TestSockets.SendNumbersAsync(client, next, Count);

        await recorder.WaitForAsync(Count).Within();
        await daemon.StopAsync().Within();
        Assert.Equal(Enumerable.Range(0, Count), Payloads.Numbers(recorder.Payloads));
        var s = daemon.Endpoint("ingest");
        Assert.True(s.Dropped == 0, $"received {s.Received} handled {s.Handled} dropped {s.Dropped} failed {s.Failed} timedout {s.TimedOut}; log: {string.Join(" | ", daemon.Log.Entries.Select(e => e.Message))}");
    }

    [Fact]
    public async Task Dedicated_StopWhileIdle_ReturnsAndRemovesTheSocketFile()
    {
        var recorder = new RecordingHandler();
        await using var daemon = ListenerHost.Create(
            EndpointConfig.Endpoint("ingest", "ingest.sock", ["record"], "ReceiveThread=Dedicated"),
            ("record", recorder));
        await daemon.StartAsync();
        using (var client = daemon.Connect("ingest.sock"))
        {
            client.Send("one"u8);
        }

        await recorder.WaitForAsync(1).Within();
        await daemon.StopAsync().Within();
        Assert.False(File.Exists(daemon.Path("ingest.sock")));
        Assert.Equal(1, daemon.Endpoint("ingest").Handled);
    }
}
