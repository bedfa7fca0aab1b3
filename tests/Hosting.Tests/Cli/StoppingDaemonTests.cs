using UnixDatagram.Hosting.Control;

namespace UnixDatagram.Hosting.Tests.Cli;

/// <summary>
/// <c>dgramd health</c>, <c>stats</c> and <c>reload</c> against a daemon that is stopping say so at once, exit code 3,
/// instead of waiting out their timeout: whether the control socket no longer takes requests (shut down for reading:
/// <c>EPIPE</c>) or answered <c>{"status": "stopping", ...}</c>.
/// </summary>
public sealed class StoppingDaemonTests
{
    [Fact]
    public async Task Commands_ControlSocketShutDownForReading_SayTheDaemonIsStopping()
    {
        using var directory = new TempDirectory();
        var path = directory.File("control.sock");
        using var control = TestSockets.Bound(path);
        control.ShutdownReceive();

        foreach (var command in new[] { "health", "stats", "reload" })
        {
            var (code, cli) = await DaemonProcess.RunAsync([command, "--control", path, "--timeout", "60"]);

            Assert.True(code == 3, cli.ToString());
            Assert.Equal($"dgramd {command}: the daemon is stopping: its control socket '{path}' takes no more requests (EPIPE)", cli.StandardError.Trim());
        }
    }

    [Fact]
    public async Task Health_AnsweredStopping_SaysTheDaemonIsStoppingWithItsReason()
    {
        using var directory = new TempDirectory();
        var path = directory.File("control.sock");
        using var control = TestSockets.Bound(path);
        var answered = Task.Run(async () =>
        {
            var buffer = new byte[256];
            var request = await control.ReceiveAsync(buffer).AsTask().Within();
            control.SendTo(ControlReplies.Stopping("the health request was cancelled before it was answered"), request.Sender);
        });

        var (code, cli) = await DaemonProcess.RunAsync(["health", "--control", path, "--timeout", "60"]);

        await answered.Within();
        Assert.True(code == 3, cli.ToString());
        Assert.Equal("dgramd health: the daemon is stopping: the health request was cancelled before it was answered", cli.StandardError.Trim());
        Assert.Equal(string.Empty, cli.StandardOutput);
    }
}
