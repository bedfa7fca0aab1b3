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
}
