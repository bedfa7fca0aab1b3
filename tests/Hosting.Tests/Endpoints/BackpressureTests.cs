using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests.Endpoints;

public sealed class BackpressureTests
{
    [Fact]
    public async Task Wait_SlowHandler_SenderSeesCongestionAndNothingIsLost()
    {
        const int Count = 200;
        var gate = new GateHandler();
        var recorder = new RecordingHandler();
        await using var daemon = ListenerHost.Create(
            EndpointConfig.Endpoint("ingest", "ingest.sock", ["gate", "record"], "QueueCapacity=4"),
            ("gate", gate),
            ("record", recorder));
        await daemon.StartAsync();
        using var client = daemon.Connect("ingest.sock");

        // The handler holds the first datagram. Fill the kernel queue (10) until a send is refused, and let the I/O
        // thread read all it will; twice, since the first refusal may only be the sender outrunning the reader.
        var next = 0;
        for (var fill = 0; fill < 2; fill++)
        {
            var congested = false;
            while (!congested && next < 10_000)
            {
                congested = client.Send(Payloads.Number(next)) == SendStatus.Congested;
                if (!congested)
                {
                    next++;
                }
            }

            Assert.True(congested, $"no congestion after {next} datagrams to a handler that does not return");
            await IoThreadBarrier.PassAsync();
        }

        // The endpoint holds one datagram in the handler and QueueCapacity (4) queued, reads no more, and the
        // sender stays held back.
        var stats = daemon.Endpoint("ingest");
        Assert.Equal(5, stats.Received);
        Assert.Equal(4, stats.Queued);
        Assert.Equal(SendStatus.Congested, client.Send(Payloads.Number(next)));
        Assert.Equal(HealthStatus.Degraded, (await daemon.HealthAsync("ingest")).Status);
        gate.Open();
        await TestSockets.SendNumbersAsync(client, next, Count);

        await recorder.WaitForAsync(Count).Within();
        await daemon.StopAsync().Within();
        Assert.Equal(Enumerable.Range(0, Count), Payloads.Numbers(recorder.Payloads));
        Assert.Equal(Count, stats.Received);
        Assert.Equal(Count, stats.Handled);
        Assert.Equal(0, stats.Dropped);
    }

    [Theory]
    [InlineData("DropNewest", new[] { 0, 1, 2, 3, 4 }, false)]
    [InlineData("DropOldest", new[] { 0, 26, 27, 28, 29 }, false)]
    [InlineData("DropNewest", new[] { 0, 1, 2, 3, 4 }, true)]
    [InlineData("DropOldest", new[] { 0, 26, 27, 28, 29 }, true)]
    public async Task DropPolicy_BlockedHandlerAndSmallQueue_DropsAreCountedAndTheRightOnesSurvive(string policy, int[] survivors, bool loggerThrows)
    {
        const int Count = 30;
        var gate = new GateHandler();
        await using var daemon = ListenerHost.Create(
            EndpointConfig.Endpoint("ingest", "ingest.sock", ["gate"], "QueueCapacity=4", "WhenFull=" + policy, "MaxDatagramSize=16"),
            ("gate", gate));
        await daemon.StartAsync();

        // A broken log provider must not make the endpoint lose track of a datagram it queued or dropped.
        daemon.Log.ThrowFrom = loggerThrows ? LogLevel.Warning : null;
        using var client = daemon.Connect("ingest.sock");
        await TestSockets.SendNumbersAsync(client, 0, Count);

        // One socket's datagrams are read in order: once the oversized one is reported, all before it were dispatched.
        await client.SendAsync(Payloads.Oversized()).Within();
        await daemon.Log.WaitForAsync(1103).Within();
        gate.Open();
        await gate.WaitEnteredAsync(survivors.Length).Within();
        await daemon.StopAsync().Within();

        var stats = daemon.Endpoint("ingest");
        Assert.Equal(survivors, Payloads.Numbers(gate.Entered));
        Assert.Equal(survivors.Length, stats.Handled);
        Assert.Equal(Count - survivors.Length, stats.Dropped);
        Assert.Equal(Count, stats.Handled + stats.Dropped);
        Assert.Equal(Count + 1, stats.Received);
        Assert.Contains(daemon.Log.Events(1102), e => e.Message.Contains("'ingest'", StringComparison.Ordinal) && e.Message.Contains(policy, StringComparison.Ordinal));
    }
}
