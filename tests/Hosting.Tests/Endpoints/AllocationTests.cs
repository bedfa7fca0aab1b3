using System.Net.Sockets;

namespace UnixDatagram.Hosting.Tests.Endpoints;

[Collection(nameof(ListenerIoThreadAlone))]
public sealed class AllocationTests
{
    private const int Warm = 2_000;
    private const int Last = 22_000;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Ordered_SynchronousHandler_AllocatesNothingPerDatagram(bool systemClock)
    {
        var probe = new AllocationProbe(Warm, Last);
        // QueueCapacity 3: a pool of 4 buffers that the first batch creates whole (see below), so "warm" is deterministic.
        await using var daemon = ListenerHost.Create(systemClock, EndpointConfig.Endpoint("ingest", "ingest.sock", ["probe"], "QueueCapacity=3"), ("probe", probe));
        await daemon.StartAsync();

        // A blocking System.Net.Sockets sender waits in the kernel when the queue is full, never on our I/O thread.
        await SendFromBlockingSocketAsync(daemon, Last);
        await probe.Done.Within();

        // Measured on one thread, the I/O thread that ran the handler inline both times.
        Assert.Equal(probe.WarmThread, probe.LastThread);
        Assert.Equal("ingest", probe.LastEndpoint);
        Assert.Equal(0, probe.AllocatedBetween);

        // The last datagram is counted once the probe has returned, which a stop waits for.
        await daemon.StopAsync().Within();
        Assert.Equal(Last, daemon.Endpoint("ingest").Handled);
    }

    /// <summary>
    /// The receive threads: the default (WhenBusy: the shared thread, then a receive thread once busy) and Dedicated.
    /// The receive loop, the dispatch and the handler all run on the receive thread, so its counter covers the path.
    /// Buffers are created as the load grows (a batch doubles when the kernel fills it, at moments the machine
    /// decides); with QueueCapacity 3 the pool is 4 buffers and the first batch creates them all, so "warm" is
    /// deterministic and anything counted is per datagram.
    /// </summary>
    [Theory]
    [InlineData("WhenBusy")]
    [InlineData("Dedicated")]
    public async Task ReceiveThread_SynchronousHandler_AllocatesNothingPerDatagram(string receiveThread)
    {
        var probe = new AllocationProbe(Warm, Last);
        await using var daemon = ListenerHost.Create(systemClock: true, EndpointConfig.Endpoint("ingest", "ingest.sock", ["probe"], "ReceiveThread=" + receiveThread, "QueueCapacity=3"), ("probe", probe));
        await daemon.StartAsync();

        await SendFromBlockingSocketAsync(daemon, Last);
        await probe.Done.Within();

        Assert.Equal("ingest", probe.LastEndpoint);
        Assert.InRange(probe.MeasuredDatagrams, 1_000, Last - Warm);
        Assert.Equal(0, probe.AllocatedBetween);

        // The last datagram is counted once the probe has returned, which a stop waits for.
        await daemon.StopAsync().Within();
        Assert.Equal(Last, daemon.Endpoint("ingest").Handled);
    }

    /// <summary>Sends <paramref name="count"/> 64-byte datagrams to <c>ingest.sock</c> from a bound, connected, blocking socket on a thread of its own.</summary>
    private static async Task SendFromBlockingSocketAsync(ListenerHost daemon, int count)
    {
        using var sender = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        sender.Bind(new UnixDomainSocketEndPoint(daemon.Path("sender.sock")));
        sender.Connect(new UnixDomainSocketEndPoint(daemon.Path("ingest.sock")));
        var sending = Task.Factory.StartNew(
            () =>
            {
                var payload = new byte[64];
                for (var i = 0; i < count; i++)
                {
                    sender.Send(payload);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        await sending.Within();
    }
}
