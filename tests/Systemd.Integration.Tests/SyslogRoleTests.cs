namespace UnixDatagram.Systemd.Integration.Tests;

/// <summary>
/// dgramd as the system's syslog daemon under a real systemd 252: dgramd-syslog.service (Alias=syslog.service) gets
/// syslog.socket's socket, journald forwards to it (ForwardToSyslog=yes, from the installed drop-in), and the
/// syslog-files handler writes /var/log/dgramd. Installed by <c>deploy/systemd/install --syslog</c>.
/// </summary>
[Collection(RealSystemd.Name)]
public sealed class SyslogRoleTests(SystemdMachine machine) : IAsyncLifetime
{
    private const string Service = "dgramd-syslog.service";
    private const string Socket = "syslog.socket";
    private const string ProbeLog = "/var/log/dgramd/probe.log";
    private static readonly TimeSpan Written = TimeSpan.FromSeconds(30);

    // A seventh output next to the six of the default configuration: everything, with severity and the kernel-verified sender.
    private const string ProbeOutput = """
        { "Daemon": { "Handlers": { "syslog-files": { "Outputs": { "6": {
            "File": "probe.log", "Selector": "*.*",
            "Template": "%pri-text% pid=%pid% uid=%uid% gid=%gid% %syslogtag%%msg:::sp-if-no-1st-sp%%msg%" } } } } } }
        """;

    public async Task InitializeAsync()
    {
        if (!Prerequisites.TestsRun)
        {
            return;
        }

        await machine.ResetAsync();
        await StopRoleAsync();
        await File.WriteAllTextAsync(machine.HostPath("/etc/dgramd-syslog/appsettings.Production.json"), ProbeOutput);
        await machine.RunAsync(["sh", "-c", "rm -rf /var/log/dgramd/* /var/log/private/dgramd/*"]);
        (await machine.SystemctlAsync("enable", "--now", Service)).EnsureSuccess();
    }

    public async Task DisposeAsync()
    {
        if (machine.IsBooted)
        {
            await StopRoleAsync();
            File.Delete(machine.HostPath("/etc/dgramd-syslog/appsettings.Production.json"));
        }
    }

    [SystemdFact]
    public async Task Logger_ForwardedByJournald_InTheFileOnceWithTagPidAndSeverity()
    {
        var marker = "hello-" + Guid.NewGuid().ToString("N");

        var pid = await LoggerAsync("probe", "user.warning", marker);

        // journald forwards "<12>Nov 30 11:40:00 probe: hello-..." (the pid only in the tag when the sender wrote one)
        // with logger's own credentials, which the kernel vouches for: %pid% is logger's pid.
        var line = Assert.Single(await WaitForLinesAsync(ProbeLog, marker, 1));
        Assert.Equal($"user.warning pid={pid} uid=0 gid=0 probe: {marker}", line);
        var traditional = Assert.Single(await WaitForLinesAsync("/var/log/dgramd/syslog", marker, 1));
        Assert.Matches($@"^[A-Z][a-z]{{2}} [ \d]\d \d\d:\d\d:\d\d \S+ probe: {marker}$", traditional);
        Assert.Single(await WaitForLinesAsync("/var/log/dgramd/user.log", marker, 1));
        Assert.Empty(await LinesAsync("/var/log/dgramd/mail.log", marker));
    }

    [SystemdFact]
    public async Task Journal_ThousandMessages_TheServicesOwnLinesStayFlatForTenSeconds()
    {
        var cursor = await machine.JournalCursorAsync();
        var run = Guid.NewGuid().ToString("N")[..8];

        // In batches of 100, each written before the next: journald drops what does not fit in syslog.socket's queue
        // ("Forwarding to syslog missed"), which would be journald's loss, not ours.
        for (var batch = 0; batch < 10; batch++)
        {
            (await machine.RunAsync(["sh", "-c", $"seq {(batch * 100) + 1} {(batch + 1) * 100} | sed 's/^/flood-{run}-/' | logger -t flood"])).EnsureSuccess();
            await WaitForLinesAsync(ProbeLog, $"flood-{run}-", (batch + 1) * 100);
        }

        var before = await ServiceLinesAsync(cursor);
        await Task.Delay(TimeSpan.FromSeconds(10));
        var after = await ServiceLinesAsync(cursor);

        // Without the self-feed guard every handled line of its own comes back through journald: thousands, growing.
        Assert.True(after.Length == before.Length, $"the service's journal grew from {before.Length} to {after.Length} lines:\n{string.Join('\n', after.Skip(before.Length).Take(20))}");
        Assert.True(before.Length < 20, $"{before.Length} journal lines from the service:\n{string.Join('\n', before.Take(40))}");
        Assert.Equal(1000, (await LinesAsync(ProbeLog, $"flood-{run}-")).Length);
        Assert.DoesNotContain(before, l => l.Contains($"flood-{run}-", StringComparison.Ordinal));

        // Its own lines came back through journald too, with its pid: counted, never written. (systemd's lines about
        // the unit, from pid 1, are written like anyone's.)
        var main = await machine.ShowAsync(Service, "MainPID");
        Assert.Empty(await LinesAsync(ProbeLog, $"pid={main} "));
        Assert.Empty(await LinesAsync(ProbeLog, " dgramd-syslog["));
    }

    [SystemdFact]
    public async Task Journal_SyslogHandlerLogsEachMessageToTheJournalToo_NoFeedbackLoop()
    {
        // Fault 1 of the issue as a user met it: the syslog handler on the endpoint logs each message, journald
        // forwards that line back to the socket, and without the guard it is handled, logged, forwarded... for ever.
        await File.WriteAllTextAsync(machine.HostPath("/etc/dgramd-syslog/appsettings.Production.json"), """
            { "Daemon": { "Endpoints": { "0": { "Handlers": { "1": "syslog" } } },
              "Handlers": { "syslog-files": { "Outputs": { "6": { "File": "probe.log", "Selector": "*.*" } } } } } }
            """);
        (await machine.SystemctlAsync("restart", Service)).EnsureSuccess();
        var cursor = await machine.JournalCursorAsync();
        var run = Guid.NewGuid().ToString("N")[..8];

        (await machine.RunAsync(["sh", "-c", $"seq 1 100 | sed 's/^/echo-{run}-/' | logger -t echo"])).EnsureSuccess();
        await WaitForLinesAsync(ProbeLog, $"echo-{run}-", 100);
        await SystemdMachine.PollAsync(async () => (await ServiceLinesAsync(cursor)).Count(l => l.Contains($"echo-{run}-", StringComparison.Ordinal)) >= 100, Written, "the syslog handler's 100 journal lines");

        var before = await ServiceLinesAsync(cursor);
        await Task.Delay(TimeSpan.FromSeconds(10));
        var after = await ServiceLinesAsync(cursor);

        Assert.True(after.Length == before.Length, $"the service's journal grew from {before.Length} to {after.Length} lines:\n{string.Join('\n', after.Skip(before.Length).Take(20))}");
        Assert.Equal(100, before.Count(l => l.Contains($"echo-{run}-", StringComparison.Ordinal)));
        Assert.Equal(100, (await LinesAsync(ProbeLog, $"echo-{run}-")).Length);
    }

    [SystemdFact]
    public async Task Restart_MessagesSentWhileStopped_WrittenOnceWhenItIsBack()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        await LoggerAsync("probe", "user.info", "before-" + run);
        await WaitForLinesAsync(ProbeLog, "before-" + run, 1);

        // Stopped, the socket stays: the journal's own lines about the stop already reach it and start the service
        // again (socket activation), so the messages below land in the socket's queue or in a starting daemon.
        (await machine.SystemctlAsync("stop", Service)).EnsureSuccess();
        Assert.Equal("active", await machine.ShowAsync(Socket, "ActiveState"));
        for (var i = 0; i < 3; i++)
        {
            await LoggerAsync("probe", "user.info", $"during-{i}-{run}");
        }

        // syslog.socket holds them, and starts syslog.service (that is us) on the first.
        (await machine.SystemctlAsync("start", Service)).EnsureSuccess();
        await LoggerAsync("probe", "user.info", "after-" + run);
        await WaitForLinesAsync(ProbeLog, "after-" + run, 1);
        foreach (var marker in new[] { "before-", "during-0-", "during-1-", "during-2-", "after-" })
        {
            Assert.Single(await LinesAsync(ProbeLog, marker + run));
        }
    }

    [SystemdFact]
    public async Task Rotation_RenameThenReload_NextLinesInAFreshFileAndNoneLost()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var pid = await machine.ShowAsync(Service, "MainPID");
        await LoggerAsync("probe", "user.info", "first-" + run);
        await WaitForLinesAsync(ProbeLog, "first-" + run, 1);

        // What logrotate does: rename, then the postrotate reload.
        (await machine.RunAsync(["mv", ProbeLog, ProbeLog + ".1"])).EnsureSuccess();
        await LoggerAsync("probe", "user.info", "renamed-" + run);
        await WaitForLinesAsync(ProbeLog + ".1", "renamed-" + run, 1);
        (await machine.SystemctlAsync("reload", Service)).EnsureSuccess();
        await LoggerAsync("probe", "user.info", "reloaded-" + run);

        Assert.Single(await WaitForLinesAsync(ProbeLog, "reloaded-" + run, 1));
        Assert.Empty(await LinesAsync(ProbeLog, "first-" + run));
        Assert.Single(await LinesAsync(ProbeLog + ".1", "first-" + run));
        Assert.Single(await LinesAsync(ProbeLog + ".1", "renamed-" + run));
        Assert.Empty(await LinesAsync(ProbeLog + ".1", "reloaded-" + run));
        Assert.Equal(pid, await machine.ShowAsync(Service, "MainPID"));
    }

    private async Task StopRoleAsync()
    {
        await machine.SystemctlAsync("disable", "--now", Service);
        await machine.SystemctlAsync("stop", Socket);
        await machine.SystemctlAsync("reset-failed", Service, Socket);
    }

    /// <summary>
    /// Runs logger inside (through the journal: no -u), and returns its pid (the shell's, which exec keeps). logger
    /// reads the message from a pipe that stays open 2 s longer, so it is still alive when journald forwards: journald
    /// passes the sender's credentials on, but a sender that has exited cannot be named (ESRCH), and journald then
    /// sends its own.
    /// </summary>
    private async Task<int> LoggerAsync(string tag, string priority, string message)
    {
        var result = (await machine.RunAsync(["sh", "-c", $"(echo {message}; sleep 2) | sh -c 'echo $$; exec logger -t {tag} -p {priority}'"])).EnsureSuccess();
        return int.Parse(result.StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<string[]> LinesAsync(string path, string text)
    {
        var result = await machine.RunAsync(["cat", path]);
        return result.Succeeded ? [.. result.StandardOutput.Split('\n').Where(l => l.Contains(text, StringComparison.Ordinal))] : [];
    }

    private async Task<string[]> WaitForLinesAsync(string path, string text, int count)
    {
        string[] found = [];
        await SystemdMachine.PollAsync(
            async () =>
            {
                found = await LinesAsync(path, text);
                return found.Length >= count;
            },
            Written,
            $"{count} line(s) with '{text}' in {path}");
        return found;
    }

    /// <summary>The journal lines the service itself wrote (not systemd's about it) after <paramref name="cursor"/>.</summary>
    private async Task<string[]> ServiceLinesAsync(string cursor) =>
        [.. (await machine.JournalEntriesAsync(cursor)).Where(e => e.Unit == Service).Select(e => e.Message)];
}
