namespace UnixDatagram.Hosting.Tests.Cli;

/// <summary>
/// A user the daemon does not answer (uid 65534, through <c>setpriv</c>, against a daemon run as root) is told the
/// likely reasons and the control socket's path, not only "no answer"; the daemon still tells it nothing.
/// </summary>
public sealed class ControlRefusedTests
{
    [Theory]
    [InlineData("health")]
    [InlineData("stats")]
    public async Task Command_UserNotInControlAllowedUserIds_NoAnswerNamingTheSettingAndThePath(string command)
    {
        using var dir = new TempDirectory();
        dir.OpenToOthers();
        var control = dir.File("control.sock");

        // Another user is allowed, so the socket is 0666 and uid 65534 gets as far as the daemon's credential check.
        await using var daemon = DaemonProcess.Start(["run"], new Dictionary<string, string>
        {
            ["Daemon__SocketDirectory"] = dir.Path,
            ["Daemon__ControlAllowedUserIds__0"] = "1000",
        });
        await daemon.WaitForLineAsync("Application started");

        var (code, cli) = await DaemonProcess.RunAsync([command, "--control", control, "--timeout", "1"], launcher: ["setpriv", .. ExternalProcess.AsNobody]);

        Assert.True(code == 3, cli.ToString());
        Assert.Empty(cli.StandardOutput);
        var line = Assert.Single(cli.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"dgramd {command}: no answer from {control} within 1 s: either the daemon does not answer uid 65534 (", line, StringComparison.Ordinal);
        Assert.Contains("Daemon:ControlAllowedUserIds", line, StringComparison.Ordinal);
        Assert.Contains("stopped or stuck", line, StringComparison.Ordinal);

        // Fail closed: the daemon did not answer, it logged the refusal.
        await daemon.WaitForLineAsync("Control request from uid 65534");
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
    }

    [Fact]
    public async Task Health_UserMayNotConnect_SaysWhoMayRatherThanAskingWhetherTheDaemonRuns()
    {
        using var dir = new TempDirectory();
        dir.OpenToOthers();
        var control = dir.File("control.sock");

        // No other user allowed: the control socket is 0600.
        await using var daemon = DaemonProcess.Start(["run"], new Dictionary<string, string> { ["Daemon__SocketDirectory"] = dir.Path });
        await daemon.WaitForLineAsync("Application started");

        var (code, cli) = await DaemonProcess.RunAsync(["health", "--control", control, "--timeout", "1"], launcher: ["setpriv", .. ExternalProcess.AsNobody]);

        Assert.True(code == 77, cli.ToString());
        var line = Assert.Single(cli.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"dgramd health: permission denied on the control socket '{control}': connect '{control}' failed: EACCES", line, StringComparison.Ordinal);
        Assert.Contains("(uid 65534 may not use it: ", line, StringComparison.Ordinal);
        Assert.Contains("Daemon:ControlAllowedUserIds", line, StringComparison.Ordinal);
        Assert.DoesNotContain("is the daemon running?", line, StringComparison.Ordinal);
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
    }
}
