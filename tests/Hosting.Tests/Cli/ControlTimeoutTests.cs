
namespace UnixDatagram.Hosting.Tests.Cli;

/// <summary>Fail closed, kind 4: <c>dgramd health</c> and <c>stats</c> never hang; one timeout covers connect, send and receive.</summary>
public sealed class ControlTimeoutTests
{
    /// <summary>argv: path. Sends without blocking until the receiver's queue is full.</summary>
    private const string FillQueue = """
        import socket, sys
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.setblocking(False)
        n = 0
        try:
            while True:
                s.sendto(b'x', sys.argv[1])
                n += 1
        except BlockingIOError:
            print('full after %d' % n, flush=True)
        """;

    [Theory]
    [InlineData("health")]
    [InlineData("stats")]
    public async Task Command_StoppedDaemonWithFullControlQueue_ExitsThree(string command)
    {
        using var dir = new TempDirectory();
        var env = new Dictionary<string, string> { ["Daemon__SocketDirectory"] = dir.Path };
        await using var daemon = DaemonProcess.Start(["run"], env);
        await daemon.WaitForLineAsync("Application started");
        daemon.Signal(SigStop);
        try
        {
            await FillAsync(dir.File("control.sock"));
            var (code, cli) = await DaemonProcess.RunAsync([command], env);
            Assert.Equal(3, code);
            Assert.Contains("no answer", cli.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            daemon.Signal(SigCont);
        }

        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
    }

    [Fact]
    public async Task Health_ControlSocketThatNeverReads_ExitsThree()
    {
        using var dir = new TempDirectory();
        var control = dir.File("control.sock");
        await using var deaf = await PythonPeers.StartBoundAsync(control, "sys.stdin.readline()");
        await FillAsync(control);

        var (code, cli) = await DaemonProcess.RunAsync(["health", "--control", control]);

        Assert.Equal(3, code);
        Assert.Contains("no answer", cli.StandardError, StringComparison.Ordinal);
    }

    private static async Task FillAsync(string path)
    {
        using var fill = await ChildProcess.RunAsync(ExternalProcess.Python, ["-c", FillQueue, path]);
        Assert.True(fill.ExitCode == 0, fill.StandardError);
        Assert.Contains("full after", fill.StandardOutput, StringComparison.Ordinal);
    }
}
