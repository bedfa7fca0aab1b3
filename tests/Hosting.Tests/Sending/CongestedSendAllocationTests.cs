using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using UnixDatagram.Handlers;

namespace UnixDatagram.Hosting.Tests.Sending;

/// <summary>
/// The send path through congestion, as a sender faster than its peer lives: every eleventh send finds the peer's
/// queue (<c>net.unix.max_dgram_qlen</c>, 10) full and waits in the target's queue for the kernel to report room.
/// Measured with the process's allocation counter, as the sends complete on pool threads and the queue drains on the
/// I/O thread, so the collection runs alone; what other tests left running can still allocate meanwhile, so the
/// cleanest of several batches counts: an allocation per datagram (or per congestion) would show in every one.
/// </summary>
[Collection(nameof(ListenerIoThreadAlone))]
public sealed class CongestedSendAllocationTests
{
    private const int Warm = 20_000;
    private const int Batches = 5;
    private const int Batch = 20_000;

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
        var received = 0L;
        var congested = 0;
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

            var send = sender.SendAsync("out", payload);
            if (!send.IsCompleted)
            {
                // The peer's queue is full and this send waits in the target's: empty the queue, so the target sends it.
                congested++;
                while (peer.Receive(buffer, SocketFlags.None, out var error) > 0 || error == SocketError.Success)
                {
                    received++;
                }
            }

            var result = await send;
            if (result != SendResult.Sent)
            {
                Assert.Fail($"send {i}: {result}");
            }
        }

        var perDatagram = Math.Min(cleanest, (double)(GC.GetTotalAllocatedBytes(precise: true) - batchStart) / Batch);
        await host.StopAsync().Within();

        Assert.True(congested > Batches * Batch / 20, $"only {congested} of {Warm + (Batches * Batch)} sends met congestion");
        Assert.True(perDatagram < 1, $"{perDatagram:F1} bytes allocated per datagram in the cleanest of {Batches} batches ({congested} sends met congestion)");
        Assert.True(received > 0);
    }
}
