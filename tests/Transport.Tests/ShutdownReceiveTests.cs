namespace UnixDatagram.Transport.Tests;

/// <summary>
/// <c>shutdown(SHUT_RD)</c> on a socket being read: what was queued is still delivered, an unnamed sender's empty
/// datagram included, and the reading ends at the end of the queue (the socket then polls readable for good, so a
/// reader that waited for readiness would spin).
/// </summary>
public sealed class ShutdownReceiveTests
{
    public static TheoryData<string> Threads => new(Loops.Keys);

    private static readonly Dictionary<string, ReceiveLoopOptions> Loops = new()
    {
        ["shared"] = new() { MaxDatagramSize = 64, BatchSize = 2, MaxInFlight = 2 },
        ["dedicated"] = new() { MaxDatagramSize = 64, BatchSize = 2, MaxInFlight = 2, DedicatedThread = true },
    };

    [Theory]
    [MemberData(nameof(Threads))]
    public async Task StartReceiving_ShutDownWithEmptyUnnamedDatagramFirst_DeliversItAndWhatFollowsThenEnds(string thread)
    {
        using var dir = new TempDirectory();
        using var server = Bound(dir.File("s.sock"));
        await SendUnboundAsync(dir.File("s.sock"), "");
        await SendUnboundAsync(dir.File("s.sock"), "after"u8.ToArray());
        server.ShutdownReceive();

        var collector = DatagramCollector.Start(server, Loops[thread]);
        var received = await collector.NextAsync(2);

        // A zero-length datagram from an unnamed sender looks like the end a blocking read reports; it is a datagram.
        Assert.Empty(received[0].Payload);
        Assert.Equal(0, received[0].DatagramLength);
        Assert.Equal(UnixSocketAddress.Unnamed, received[0].Sender);
        Assert.Equal("after", received[1].Text);
        await server.ShutdownReceiveAsync(CancellationToken.None).Within();
        Assert.Null(collector.ReceiveError);
    }

    [Theory]
    [MemberData(nameof(Threads))]
    public async Task ShutdownReceiveAsync_LoopWaitingForBuffers_DeliversTheWholeQueueThenEnds(string thread)
    {
        const int Count = 8;
        using var dir = new TempDirectory();
        using var server = Bound(dir.File("s.sock"));
        var receiver = new HoldingReceiver(holdFirst: 2);
        server.StartReceiving(receiver, Loops[thread]);
        using var client = Connected(dir.File("s.sock"));
        await SendNumbersAsync(client, 0, Count);
        await receiver.Holding.Within();

        // Both buffers are out with the receiver: the other datagrams wait in the kernel queue.
        var ended = server.ShutdownReceiveAsync(CancellationToken.None);
        var refused = Assert.Throws<UnixSocketException>(() => client.Send(BitConverter.GetBytes(Count)));
        Assert.Equal("EPIPE", refused.ErrorName);
        Assert.False(ended.IsCompleted, "the loop ended with datagrams still queued");
        receiver.ReleaseHeld();

        Assert.Equal(Enumerable.Range(0, Count), await receiver.UntilAsync(Count));
        await ended.Within();
        await server.StopReceivingAsync(CancellationToken.None).Within();
        Assert.False(server.TryReceive(new byte[8], out _));
    }

    [Theory]
    [MemberData(nameof(Threads))]
    public async Task ShutdownReceiveAsync_EmptyQueue_LoopEnds(string thread)
    {
        using var dir = new TempDirectory();
        using var server = Bound(dir.File("s.sock"));
        var collector = DatagramCollector.Start(server, Loops[thread]);
        using var client = Connected(dir.File("s.sock"));
        client.Send("first"u8);
        Assert.Equal("first", (await collector.NextAsync()).Text);

        await server.ShutdownReceiveAsync(CancellationToken.None).Within();

        var refused = Assert.Throws<UnixSocketException>(() => client.Send("late"u8));
        Assert.Equal("EPIPE", refused.ErrorName);
        await server.StopReceivingAsync(CancellationToken.None).Within();
        Assert.False(server.TryReceive(new byte[8], out _));
        Assert.Null(collector.ReceiveError);
    }

    [Fact]
    public async Task ReceiveAsync_ShutDownAndQueueEmpty_ThrowsInsteadOfWaiting()
    {
        using var dir = new TempDirectory();
        using var server = Bound(dir.File("s.sock"));
        using var client = Connected(dir.File("s.sock"));
        var buffer = new byte[16];
        var waiting = server.ReceiveAsync(buffer).AsTask();
        client.Send("queued"u8);
        Assert.Equal(6, (await waiting.Within()).Length);
        client.Send("last"u8);

        server.ShutdownReceive();

        Assert.Equal(4, (await server.ReceiveAsync(buffer).Within()).Length);
        var ended = await Assert.ThrowsAsync<InvalidOperationException>(() => server.ReceiveAsync(buffer).AsTask().Within());
        Assert.Contains("shut down for reading", ended.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReceiveAsync_WaitingWhenShutDown_Throws()
    {
        using var dir = new TempDirectory();
        using var server = Bound(dir.File("s.sock"));
        var waiting = server.ReceiveAsync(new byte[16]).AsTask();

        server.ShutdownReceive();

        await Assert.ThrowsAsync<InvalidOperationException>(() => waiting.Within());
    }

    private static async Task SendUnboundAsync(string path, byte[] payload)
    {
        var python = await ExternalProcess.PythonAsync(PythonPeers.SendUnbound, path, Convert.ToHexString(payload));
        Assert.True(python.ExitCode == 0, python.ToString());
    }

    private static Task SendUnboundAsync(string path, string payload) => SendUnboundAsync(path, System.Text.Encoding.UTF8.GetBytes(payload));
}
