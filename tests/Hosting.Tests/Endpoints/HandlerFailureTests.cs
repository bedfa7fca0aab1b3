using System.Text;
using Microsoft.Extensions.Logging;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests.Endpoints;

public sealed class HandlerFailureTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FailingHandler_ThrowsOnEveryOtherDatagram_EndpointGoesOnAndNextHandlerRunsForAll(bool loggerThrows)
    {
        const int Count = 20;
        var recorder = new RecordingHandler();
        await using var daemon = ListenerHost.Create(
            EndpointConfig.Endpoint("ingest", "ingest.sock", ["flaky", "record"]),
            ("flaky", new FlakyHandler()),
            ("record", recorder));
        await daemon.StartAsync();

        // Reporting the failure may fail too (a broken log provider): the datagram is still counted, the endpoint goes on.
        daemon.Log.ThrowFrom = loggerThrows ? LogLevel.Error : null;
        using var client = daemon.Connect("ingest.sock");
        await TestSockets.SendNumbersAsync(client, 0, Count);

        await recorder.WaitForAsync(Count).Within();
        await daemon.StopAsync().Within();

        Assert.Equal(Enumerable.Range(0, Count), Payloads.Numbers(recorder.Payloads));
        var stats = daemon.Endpoint("ingest");
        Assert.Equal(Count / 2, stats.Failed);
        Assert.Equal(Count / 2, stats.Handled);
        // Rate-limited: the first three of the interval, each with its exception (the clock does not move here).
        var errors = daemon.Log.Events(1100);
        Assert.Equal(3, errors.Count);
        Assert.All(errors, e =>
        {
            Assert.Equal(LogLevel.Error, e.Level);
            Assert.Contains("'ingest'", e.Message, StringComparison.Ordinal);
            Assert.Contains("'flaky'", e.Message, StringComparison.Ordinal);
            Assert.IsType<InvalidOperationException>(e.Exception);
        });
    }

    [Fact]
    public async Task FailingHandler_500Failures_LogsFirstThreeThenOneSummaryPerInterval()
    {
        const int Count = 500;
        var recorder = new RecordingHandler();
        await using var daemon = ListenerHost.Create(
            EndpointConfig.Endpoint("ingest", "ingest.sock", ["flaky", "record"]),
            ("flaky", new FlakyHandler()),
            ("record", recorder));
        await daemon.StartAsync();
        using var client = daemon.Connect("ingest.sock");
        await TestSockets.SendNumbersAsync(client, 0, Count);

        await recorder.WaitForAsync(Count).Within();
        Assert.Equal(3, daemon.Log.Events(1100).Count);

        // The next interval: the first failure in it reports how many were held back.
        daemon.Clock.Advance(TimeSpan.FromSeconds(10));
        await client.SendAsync(Payloads.Number(Count)).Within();
        await client.SendAsync(Payloads.Number(Count + 1)).Within();
        await recorder.WaitForAsync(Count + 2).Within();
        await daemon.StopAsync().Within();

        Assert.Equal(Count / 2 + 1, daemon.Endpoint("ingest").Failed);
        var errors = daemon.Log.Events(1100);
        Assert.Equal(4, errors.Count);
        Assert.Contains($"({(Count / 2) - 3} more failures suppressed", errors[3].Message, StringComparison.Ordinal);
        Assert.NotNull(errors[3].Exception);
    }

    [Fact]
    public async Task HandlerTimeout_HandlerAwaitsForever_IsCancelledCountedAndNextDatagramIsHandled()
    {
        var timeout = TimeSpan.FromSeconds(5);
        var stalling = new StallingHandler();
        var recorder = new RecordingHandler();
        await using var daemon = ListenerHost.Create(
            EndpointConfig.Endpoint("ingest", "ingest.sock", ["stall", "record"], "HandlerTimeout=00:00:05"),
            ("stall", stalling),
            ("record", recorder));
        await daemon.StartAsync();
        using var client = daemon.Connect("ingest.sock");
        await client.SendAsync("stall"u8.ToArray()).Within();
        await client.SendAsync("next"u8.ToArray()).Within();
        await stalling.Stalled.Within();

        // The timeout is armed once the handler has gone asynchronous; only then does time move.
        await daemon.Clock.ArmedAsync(timeout).Within();
        Assert.Empty(recorder.Received);
        daemon.Clock.Advance(timeout);
        await stalling.Cancelled.Within();
        await recorder.WaitForAsync(2).Within();
        await daemon.StopAsync().Within();

        Assert.Equal(["stall", "next"], recorder.Payloads.Select(p => Encoding.UTF8.GetString(p)));
        var stats = daemon.Endpoint("ingest");
        Assert.Equal(1, stats.TimedOut);
        Assert.Equal(1, stats.Handled);
        Assert.Equal(0, stats.Failed);
        var warning = Assert.Single(daemon.Log.Events(1101));
        Assert.Contains("'ingest'", warning.Message, StringComparison.Ordinal);
        Assert.Contains("'stall'", warning.Message, StringComparison.Ordinal);
    }
}
