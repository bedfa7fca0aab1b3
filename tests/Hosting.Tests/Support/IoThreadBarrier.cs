using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests;

/// <summary>
/// Waits until the shared I/O thread has dealt with everything that was ready when the call began: every socket in
/// the process is served by that one thread, one <c>epoll_wait</c> batch after another.
/// </summary>
/// <remarks>
/// A datagram to a socket of our own is handed over by the I/O thread, in the batch that reports it or a later one.
/// The first round trip may share its batch with the endpoint's readiness; the second, sent after the first came
/// back, comes in a later batch, so by then the endpoint's read of what was waiting (until its pool or the kernel
/// queue ran dry) is over.
/// </remarks>
internal static class IoThreadBarrier
{
    public static async Task PassAsync()
    {
        var name = "@udg-barrier-" + Guid.NewGuid().ToString("N");
        using var probe = TestSockets.Bound(name);
        using var sender = new UnixDatagramSocket();
        var buffer = new byte[1];
        for (var round = 0; round < 2; round++)
        {
            // Wait first, then send, so the datagram is found by the I/O thread rather than by a direct read.
            var received = probe.ReceiveAsync(buffer);
            Assert.False(received.IsCompleted);
            Assert.Equal(SendStatus.Sent, sender.SendTo([1], name));
            await received.AsTask().Within();
        }
    }
}
