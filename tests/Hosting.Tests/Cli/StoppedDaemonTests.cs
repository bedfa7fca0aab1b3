namespace UnixDatagram.Hosting.Tests.Cli;

/// <summary>
/// A daemon that stopped took its socket directory with it (the default <c>$XDG_RUNTIME_DIR/dgramd</c>, as systemd's
/// <c>RuntimeDirectory=</c> goes at stop): the real commands then say the daemon is not running, as they do for a
/// missing socket file, not that the socket is unsafe or not trusted.
/// </summary>
public sealed class StoppedDaemonTests
{
    [Fact]
    public async Task Commands_DaemonStoppedAndItsDirectoryGone_SayNoDaemonNotPermission()
    {
        using var runtime = new TempDirectory();
        var environment = new Dictionary<string, string> { ["XDG_RUNTIME_DIR"] = runtime.Path };
        var sockets = Path.Join(runtime.Path, "dgramd");
        await using (var daemon = DaemonProcess.Start(["run"], environment))
        {
            await daemon.WaitForLineAsync("Application started");
            var (running, health) = await DaemonProcess.RunAsync(["health", "--timeout", "10"], environment);
            Assert.True(running == 0, health.ToString());
            daemon.Signal(SigTerm);
            Assert.Equal(0, await daemon.WaitForExitAsync());
        }

        Assert.False(Directory.Exists(sockets));
        foreach (var command in new[] { "health", "stats", "reload" })
        {
            var (code, cli) = await DaemonProcess.RunAsync([command, "--timeout", "10"], environment);

            Assert.True(code == 3, cli.ToString());
            var line = Assert.Single(cli.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith($"dgramd {command}: no control socket at '{sockets}/control.sock': the directory '{sockets}' does not exist", line, StringComparison.Ordinal);
            Assert.Contains("(is the daemon running?", line, StringComparison.Ordinal);
        }

        var (sendCode, send) = await DaemonProcess.RunAsync(["send", "ingest", "after the stop"], environment);
        Assert.True(sendCode == 1, send.ToString());
        Assert.StartsWith($"dgramd send: no socket at '{sockets}/ingest.sock': the directory '{sockets}' does not exist", send.StandardError, StringComparison.Ordinal);
        Assert.Contains("(is the daemon running?)", send.StandardError, StringComparison.Ordinal);

        // Any other socket that is not there, its directory included, is the same failure: the kernel's ENOENT.
        var (pathCode, path) = await DaemonProcess.RunAsync(["send", Path.Join(runtime.Path, "gone", "echo.sock"), "after the stop"], environment);
        Assert.True(pathCode == 1, path.ToString());
        Assert.Contains("ENOENT", path.StandardError, StringComparison.Ordinal);
    }
}
