using Microsoft.Extensions.Diagnostics.HealthChecks;
using UnixDatagram.Handlers;
using UnixDatagram.Transport;
using static UnixDatagram.Hosting.Tests.Payloads;
using static UnixDatagram.Hosting.Tests.SenderHarness;

namespace UnixDatagram.Hosting.Tests.Sending;

/// <summary>
/// A peer that stops receiving (<c>shutdown(SHUT_RD)</c>, as a stopping daemon does with its endpoints) is gone for the
/// target: its sends get <c>EPIPE</c> until the peer closes, which is no reason to fail the caller.
/// </summary>
public sealed class TargetPeerStoppedReceivingTests
{
    [Fact]
    public async Task SendAsync_PeerShutDownReceiving_PeerUnavailableThenReconnectsToNewPeer()
    {
        using var dir = new TempDirectory();
        await using var harness = new SenderHarness(dir, Target("out", "peer.sock"));
        var stopping = new UnixDatagramSocket();
        stopping.Bind(dir.File("peer.sock"));
        Assert.Equal(SendResult.Sent, await harness.Sender.SendAsync("out", Number(1)));

        stopping.ShutdownReceive();
        var lost = await harness.Sender.SendAsync("out", Number(2));
        var health = await harness.HealthAsync("out");

        Assert.Equal(SendResult.PeerUnavailable, lost);
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Equal("Disconnected", health.Data["state"]);
        Assert.Equal(1, harness.Statistics.Target("out").PeerUnavailable);
        Assert.Equal(0, harness.Statistics.Target("out").Failed);
        Assert.Contains(harness.Log.Entries, e => e.EventId == 3005 && e.Message.Contains("EPIPE", StringComparison.Ordinal));

        stopping.Dispose();
        using var next = new TestReceiver(dir.File("peer.sock"));
        next.Start();
        harness.Time.Advance(harness.Sender.Target("out").Options.ReconnectMinDelay);

        Assert.Equal(SendResult.Sent, await harness.Sender.SendAsync("out", Number(3)));
        Assert.Equal([3], (await next.WaitForAsync(1, TestWait.Timeout)).Select(Number));
    }
}
