using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using UnixDatagram.Handlers;

namespace UnixDatagram.Hosting.Tests.Sending;

/// <summary>
/// The send path through congestion, as a sender faster than its peer lives: every eleventh send finds the peer's
/// queue (<c>net.unix.max_dgram_qlen</c>, 10) full and waits in the target's queue for the kernel to report room; the
/// sends complete on pool threads and the queue drains on the I/O thread.
/// </summary>
[Collection(nameof(ListenerIoThreadAlone))]
public sealed class CongestedSendAllocationTests
{
    [Fact]
    public async Task SendAsync_WaitPolicyThroughCongestion_AllocatesNothingPerDatagram()
    {
        using var dir = new TempDirectory();
        using var peer = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified) { Blocking = false };
        peer.Bind(new UnixDomainSocketEndPoint(dir.File("peer.sock")));
        using var host = DaemonHost.Build(dir.Path, new Dictionary<string, string?> { ["Daemon:Targets:0:Name"] = "out", ["Daemon:Targets:0:Path"] = "peer.sock" });
        await host.StartAsync().Within();
        var sender = host.Services.GetRequiredService<IDatagramSender>();
        var payload = new byte[64];
        var buffer = new byte[64];
        var congested = 0;
        var measure = new AllocationBatches(warm: 20_000, batches: 5, batchSize: 20_000);

        for (var i = 0; i < measure.Operations; i++)
        {
            measure.Before(i);
            var send = sender.SendAsync("out", payload);
            if (!send.IsCompleted)
            {
                // The peer's queue is full and this send waits in the target's: empty the queue, so the target sends it.
                congested++;
                while (peer.Receive(buffer, SocketFlags.None, out var error) > 0 || error == SocketError.Success)
                {
                }
            }

            var result = await send;
            if (result != SendResult.Sent)
            {
                Assert.Fail($"send {i}: {result}");
            }
        }

        var perDatagram = measure.Cleanest();
        await host.StopAsync().Within();

        Assert.True(congested > measure.Operations / 20, $"only {congested} of {measure.Operations} sends met congestion");
        Assert.True(perDatagram < 1, $"{perDatagram:F1} bytes allocated per datagram in {measure} ({congested} sends met congestion)");
    }
}
