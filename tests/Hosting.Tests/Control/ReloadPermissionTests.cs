namespace UnixDatagram.Hosting.Tests.Control;

/// <summary>
/// Least privilege on the control socket, with the real executable as daemon (root) and client (uid 65534, through
/// <c>setpriv</c>): <c>Daemon:ControlAllowedUserIds</c> lets a uid watch the daemon, not reload it; only
/// <c>Daemon:ControlReloadUserIds</c> (besides root and the daemon's uid) lets it reload.
/// </summary>
public sealed class ReloadPermissionTests
{
    [Fact]
    public async Task Reload_UidAllowedOnlyToQuery_Exits77NamingTheSettingNothingReloadedHealthStillAnswered()
    {
        using var dir = new TempDirectory();
        var control = dir.File("control.sock");
        await using var daemon = await StartAsync(dir, "Daemon__ControlAllowedUserIds__0");

        var (code, reload) = await AsNobodyAsync("reload", control);
        var (healthCode, health) = await AsNobodyAsync("health", control);

        Assert.True(code == 77, reload.ToString());
        Assert.Empty(reload.StandardOutput);
        var line = Assert.Single(reload.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("dgramd reload: refused by the daemon: uid 65534 may not reload this daemon: ", line, StringComparison.Ordinal);
        Assert.Contains("Daemon:ControlReloadUserIds", line, StringComparison.Ordinal);
        Assert.True(healthCode == 0, health.ToString());
        var rejected = await daemon.WaitForLineAsync("Control request from uid 65534");
        Assert.Contains("rejected: a reload is carried out only for uids 0 ", rejected, StringComparison.Ordinal);

        // Root's reload is carried out, so the refused one would have left its lines too.
        var (rootCode, root) = await DaemonProcess.RunAsync(["reload", "--control", control, "--timeout", "10"]);
        Assert.True(rootCode == 0, root.ToString());
        var (statsCode, stats) = await DaemonProcess.RunAsync(["stats", "--control", control, "--timeout", "10"]);
        Assert.True(statsCode == 0, stats.ToString());
        using (var document = System.Text.Json.JsonDocument.Parse(stats.StandardOutput))
        {
            Assert.Equal(1, document.RootElement.GetProperty("control").GetProperty("rejected").GetInt64());
        }

        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
        Assert.Single(daemon.StandardError.Split('\n'), l => l.Contains("Reloading the configuration", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reload_UidInControlReloadUserIds_ReloadsAndMayQuery()
    {
        using var dir = new TempDirectory();
        var control = dir.File("control.sock");
        await using var daemon = await StartAsync(dir, "Daemon__ControlReloadUserIds__0");

        var (code, reload) = await AsNobodyAsync("reload", control);
        var (healthCode, health) = await AsNobodyAsync("health", control);

        Assert.True(code == 0, reload.ToString());
        Assert.Contains("\"status\": \"ok\"", reload.StandardOutput, StringComparison.Ordinal);
        Assert.True(healthCode == 0, health.ToString());
        await daemon.WaitForLineAsync("Configuration reloaded");
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
    }

    /// <summary>The real daemon as root, its socket directory open to others, uid 65534 listed under <paramref name="key"/>; started.</summary>
    private static async Task<ChildProcess> StartAsync(TempDirectory dir, string key)
    {
        dir.OpenToOthers();
        var daemon = DaemonProcess.Start(["run"], new Dictionary<string, string> { ["Daemon__SocketDirectory"] = dir.Path, [key] = "65534" });
        try
        {
            await daemon.WaitForLineAsync("Application started");
            return daemon;
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }
    }

    /// <summary>The real <c>dgramd</c> <paramref name="command"/> as uid 65534.</summary>
    private static Task<(int ExitCode, ChildProcess Process)> AsNobodyAsync(string command, string control) =>
        DaemonProcess.RunAsync([command, "--control", control, "--timeout", "10"], launcher: ["setpriv", .. ExternalProcess.AsNobody]);
}
