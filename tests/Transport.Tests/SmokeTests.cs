using System.Text;

namespace UnixDatagram.Transport.Tests;

public sealed class SmokeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ReceiveAsync_FromBoundClient_ReportsPathAndPayload()
    {
        using var dir = new TempDirectory();
        using var server = new UnixDatagramSocket();
        server.Bind(dir.File("s.sock"));
        using var client = new UnixDatagramSocket();
        client.Bind(dir.File("c.sock"));
        client.Connect(dir.File("s.sock"));
        Assert.Equal(SendStatus.Sent, client.Send("hello"u8));
        var buffer = new byte[64];
        var result = await server.ReceiveAsync(buffer).AsTask().WaitAsync(Timeout);
        Assert.Equal("hello", Encoding.UTF8.GetString(buffer, 0, result.Length));
        Assert.Equal(UnixSocketAddress.Parse(dir.File("c.sock")), result.Sender);
    }

    [Fact]
    public async Task StartReceiving_ManyDatagrams_AllArriveInOrder()
    {
        using var dir = new TempDirectory();
        using var server = new UnixDatagramSocket();
        server.Bind(dir.File("s.sock"));
        var received = new List<int>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Message += (_, e) =>
        {
            received.Add(BitConverter.ToInt32(e.Payload.Span));
            if (received.Count == 1000)
            {
                done.TrySetResult();
            }
        };
        server.StartReceiving();
        using var client = new UnixDatagramSocket();
        client.Connect(dir.File("s.sock"));
        for (var i = 0; i < 1000; i++)
        {
            await client.SendAsync(BitConverter.GetBytes(i));
        }

        await done.Task.WaitAsync(Timeout);
        Assert.Equal(Enumerable.Range(0, 1000), received);
    }
}
