using System.Text;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests.Endpoints;

/// <summary>
/// A handler's <see cref="Handlers.DatagramContext.ReplyAsync"/> to a sender that bound a relative path from another
/// working directory: the name means the sender's socket only there, so the reply is dropped, counted and logged with
/// that reason, and the socket of the same name in this process's working directory gets nothing.
/// </summary>
public sealed class RelativeSenderReplyTests
{
    [Fact]
    public async Task ReplyAsync_SenderBoundARelativePath_DroppedCountedAndLoggedNotAFailure()
    {
        var name = "rel-" + Guid.NewGuid().ToString("N")[..8] + ".sock";
        var decoyPath = Path.Join(Environment.CurrentDirectory, name);
        using var senderCwd = new TempDirectory();
        var recorder = new RecordingHandler();
        await using var daemon = ListenerHost.Create(EndpointConfig.Endpoint("in", "in.sock", ["reply", "record"]), ("reply", new ReplyingHandler()), ("record", recorder));
        await daemon.StartAsync();
        try
        {
            using var decoy = TestSockets.Bound(decoyPath);
            await using var sender = ChildProcess.Start("env", ["-C", senderCwd.Path, ExternalProcess.Python, "-c", PythonPeers.SenderThatMoves, daemon.Path("in.sock"), name]);
            await sender.WaitForLineAsync("bound");

            await sender.ObeyAsync("send hello");
            await recorder.WaitForAsync(1).Within();
            await daemon.StopAsync().Within();

            var stats = daemon.Endpoint("in");
            Assert.Equal(1, stats.ReplyDropped);
            Assert.Equal(1, stats.Handled);
            Assert.Equal(0, stats.Failed);
            var warning = Assert.Single(daemon.Log.Messages(1109));
            Assert.Contains($"reply to ./{name} (", warning, StringComparison.Ordinal);
            Assert.Contains($"): the sender bound the relative path '{name}', which names a file only in its own working directory: it cannot be answered; bind an absolute path or an abstract name", warning, StringComparison.Ordinal);
            // Had the reply reached the decoy, it would be its first datagram.
            using (var client = new UnixDatagramSocket())
            {
                client.SendTo("plain"u8, decoyPath);
            }

            var buffer = new byte[64];
            var first = await decoy.ReceiveAsync(buffer).Within();
            Assert.Equal("plain", Encoding.UTF8.GetString(buffer, 0, first.Length));
        }
        finally
        {
            File.Delete(decoyPath);
        }
    }
}
