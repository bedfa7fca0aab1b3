namespace UnixDatagram.Transport.Tests;

public sealed class DedicatedReceiveThreadTests
{
    private static readonly ReceiveLoopOptions Dedicated = new() { DedicatedThread = true, MaxDatagramSize = 64 };

    [Fact]
    public async Task DedicatedThread_ThousandsThroughCongestion_AllArriveInOrder()
    {
        using var dir = new TempDirectory();
        using var server = Bound(dir.File("s.sock"));
        var collector = DatagramCollector.Start(server, Dedicated);
        using var client = Connected(dir.File("s.sock"));
        await SendNumbersAsync(client, 0, 3000);

        var received = await collector.NextAsync(3000);
        Assert.Equal(Enumerable.Range(0, 3000), received.Select(d => BitConverter.ToInt32(d.Payload)));
        Assert.Null(collector.ReceiveError);
    }

    [Fact]
    public async Task DedicatedThread_ShutdownReceive_EndsWithoutAPhantomEmptyDatagram()
    {
        using var dir = new TempDirectory();
        using var server = Bound(dir.File("s.sock"));
        var collector = DatagramCollector.Start(server, Dedicated);
        using (var client = new UnixDatagramSocket())
        {
            client.Connect(dir.File("s.sock"));
            client.Send("last"u8);
        }

        Assert.Equal("last", (await collector.NextAsync()).Text);

        // The thread is blocked in recvmmsg; shutting the socket down for reading wakes it with an empty
        // "message" that must end the loop, not reach the receiver as a datagram.
        server.ShutdownReceive();
        using var sentinel = new UnixDatagramSocket();
        var late = Assert.Throws<UnixSocketException>(() => sentinel.SendTo("late"u8, dir.File("s.sock")));
        Assert.Equal("EPIPE", late.ErrorName);
        server.Close();
        await Assert.ThrowsAsync<TimeoutException>(() => collector.NextAsync().WaitAsync(TimeSpan.FromMilliseconds(500)));
    }
}
