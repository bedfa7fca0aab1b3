using System.Net.Sockets;

namespace UnixDatagram.Hosting.Tests.Endpoints;

/// <summary>
/// The reply path: a client sends, the built-in <c>echo</c> handler answers through <c>DatagramContext.ReplyAsync</c>,
/// the client waits for the answer, and again. Measured with the process's allocation counter (the client's blocking
/// calls allocate nothing), so the collection runs alone; what other tests left running (a host being disposed, a
/// timer) can still allocate meanwhile, so the cleanest of several batches counts: an allocation per round trip
/// would show in every one.
/// </summary>
[Collection(nameof(ListenerIoThreadAlone))]
public sealed class ReplyAllocationTests
{
    private const int Warm = 5_000;
    private const int Batches = 5;
    private const int Batch = 10_000;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReplyAsync_PingPong_AllocatesNothingPerRoundTrip(bool dedicatedReceiveThread)
    {
        using var dir = new TempDirectory();
        var settings = EndpointConfig.Endpoint("pong", "pong.sock", ["echo"], "DedicatedReceiveThread=" + dedicatedReceiveThread);
        using var host = DaemonHost.Build(dir.Path, settings);
        await host.StartAsync().Within();
        using var client = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified) { ReceiveTimeout = 10_000 };
        client.Bind(new UnixDomainSocketEndPoint(dir.File("ping.sock")));
        client.Connect(new UnixDomainSocketEndPoint(dir.File("pong.sock")));

        var perRoundTrip = await Task.Factory.StartNew(
            () =>
            {
                var payload = new byte[64];
                var reply = new byte[128];
                var cleanest = double.MaxValue;
                var batchStart = 0L;
                for (var i = 0; i < Warm + (Batches * Batch); i++)
                {
                    if (i >= Warm && (i - Warm) % Batch == 0)
                    {
                        var now = GC.GetTotalAllocatedBytes(precise: true);
                        cleanest = i == Warm ? cleanest : Math.Min(cleanest, (double)(now - batchStart) / Batch);
                        batchStart = now;
                    }

                    client.Send(payload);
                    if (client.Receive(reply) != payload.Length)
                    {
                        throw new InvalidOperationException($"reply {i} has the wrong length");
                    }
                }

                return Math.Min(cleanest, (double)(GC.GetTotalAllocatedBytes(precise: true) - batchStart) / Batch);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Within();
        await host.StopAsync().Within();

        Assert.True(perRoundTrip < 1, $"{perRoundTrip:F1} bytes allocated per round trip in the cleanest of {Batches} batches");
    }
}
