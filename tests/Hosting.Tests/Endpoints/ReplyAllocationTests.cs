using System.Net.Sockets;

namespace UnixDatagram.Hosting.Tests.Endpoints;

/// <summary>
/// The reply path: a client sends, the built-in <c>echo</c> handler answers through <c>DatagramContext.ReplyAsync</c>,
/// the client waits for the answer, and again. The client's blocking calls allocate nothing.
/// </summary>
[Collection(nameof(ListenerIoThreadAlone))]
public sealed class ReplyAllocationTests
{
    [Theory]
    [InlineData("Dedicated")]
    [InlineData("Shared")]
    [InlineData("WhenBusy")]
    public async Task ReplyAsync_PingPong_AllocatesNothingPerRoundTrip(string receiveThread)
    {
        using var dir = new TempDirectory();
        var settings = EndpointConfig.Endpoint("pong", "pong.sock", ["echo"], "ReceiveThread=" + receiveThread);
        using var host = DaemonHost.Build(dir.Path, settings);
        await host.StartAsync().Within();
        using var client = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified) { ReceiveTimeout = 10_000 };
        client.Bind(new UnixDomainSocketEndPoint(dir.File("ping.sock")));
        client.Connect(new UnixDomainSocketEndPoint(dir.File("pong.sock")));
        var measure = new AllocationBatches(warm: 5_000, batches: 5, batchSize: 10_000);

        var perRoundTrip = await Task.Factory.StartNew(
            () =>
            {
                var payload = new byte[64];
                var reply = new byte[128];
                for (var i = 0; i < measure.Operations; i++)
                {
                    measure.Before(i);
                    client.Send(payload);
                    if (client.Receive(reply) != payload.Length)
                    {
                        throw new InvalidOperationException($"reply {i} has the wrong length");
                    }
                }

                return measure.Cleanest();
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Within();
        await host.StopAsync().Within();

        Assert.True(perRoundTrip < 1, $"{perRoundTrip:F1} bytes allocated per round trip in {measure}");
    }
}
