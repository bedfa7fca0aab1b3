namespace UnixDatagram.Systemd.Integration.Tests;

/// <summary>
/// The installed product (deploy/systemd/install) under a real systemd 252 as pid 1, driven with systemctl,
/// journalctl and logger inside the container. Each test starts from the installed state (<see cref="SystemdMachine.ResetAsync"/>).
/// </summary>
[Collection(RealSystemd.Name)]
public sealed class DgramdServiceTests(SystemdMachine machine) : IAsyncLifetime
{
    public Task InitializeAsync() => Prerequisites.TestsRun ? machine.ResetAsync() : Task.CompletedTask;

    public Task DisposeAsync() => Task.CompletedTask;

    [SystemdFact]
    public async Task EnableNow_FreshInstall_ActiveOnlyOnceEveryEndpointIsBound()
    {
        var cursor = await machine.JournalCursorAsync();

        (await machine.SystemctlAsync("enable", "--now", SystemdMachine.Socket, SystemdMachine.Service)).EnsureSuccess();

        // Type=notify: systemctl returns once READY=1 came, which the daemon sends after binding. So at this moment
        // the sockets exist and the daemon answers, with no wait.
        Assert.Equal("active", await machine.ShowAsync(SystemdMachine.Service, "ActiveState"));
        Assert.True((await machine.RunAsync(["test", "-S", "/run/dgramd/control.sock"])).Succeeded, "the control socket is bound");

        // /etc/dgramd's endpoint list replaces the binary's as a whole: its 0666 syslog endpoint is not bound.
        Assert.False((await machine.RunAsync(["test", "-e", "/run/dgramd/syslog.sock"])).Succeeded, "the binary's syslog endpoint was merged into /etc/dgramd's list");
        var journal = await machine.JournalAsync(cursor, SystemdMachine.Service);
        var bound = Array.FindIndex(journal, l => l.Contains("Control socket listening on /run/dgramd/control.sock", StringComparison.Ordinal));
        var adopted = Array.FindIndex(journal, l => l.Contains("Endpoint 'ingest' adopted the socket systemd passed as 'ingest'", StringComparison.Ordinal));
        var started = Array.FindIndex(journal, l => l.StartsWith("Started ", StringComparison.Ordinal));
        Assert.True(bound >= 0 && adopted >= 0 && started > bound && started > adopted, "bound and adopted before systemd's 'Started':\n" + string.Join('\n', journal));
        Assert.DoesNotContain(journal, l => l.Contains("Endpoint 'syslog'", StringComparison.Ordinal));
    }

    [SystemdFact]
    public async Task Start_EndpointCannotBind_StartFailsNamingTheKey()
    {
        var cursor = await machine.JournalCursorAsync();
        await machine.WriteConfigurationAsync(Configuration.WithSyslogPath("/nonexistent/syslog.sock"));

        var start = await machine.SystemctlAsync("start", SystemdMachine.Service);

        Assert.False(start.Succeeded, "a daemon that cannot bind must fail systemctl start: " + start);
        await machine.WaitForJournalAsync(cursor, "Daemon:Endpoints:1:Path", SystemdMachine.Handled, SystemdMachine.Service);
        Assert.NotEqual("active", await machine.ShowAsync(SystemdMachine.Service, "ActiveState"));
    }

    [SystemdFact]
    public async Task Status_Running_SystemctlStatusShowsTheStatusLine()
    {
        (await machine.SystemctlAsync("start", SystemdMachine.Service)).EnsureSuccess();
        await machine.SendWithLoggerAsync(SystemdMachine.IngestSocket, "for the counters");

        // STATUS= comes every 5 s.
        string status = string.Empty;
        await SystemdMachine.PollAsync(
            async () =>
            {
                status = (await machine.SystemctlAsync("status", SystemdMachine.Service)).StandardOutput;
                return status.Contains("Status: \"1 endpoint,", StringComparison.Ordinal) && status.Contains("1 received", StringComparison.Ordinal);
            },
            SystemdMachine.Handled,
            "the STATUS= line in systemctl status");
        Assert.Contains("datagrams/s", status, StringComparison.Ordinal);
        Assert.Contains("Healthy", status, StringComparison.Ordinal);
    }

    [SystemdFact]
    public async Task Cli_NoFlags_FindsTheDaemonSystemdRuns()
    {
        (await machine.SystemctlAsync("start", SystemdMachine.Service)).EnsureSuccess();
        var cursor = await machine.JournalCursorAsync();
        var marker = "cli-" + Guid.NewGuid().ToString("N");

        // An operator's root shell: no RUNTIME_DIRECTORY, no flags; the service's sockets are in /run/dgramd.
        var health = await machine.RunAsync([ShippedUnits.InstalledBinary, "health"]);
        var stats = await machine.RunAsync([ShippedUnits.InstalledBinary, "stats"]);
        var send = await machine.RunAsync([ShippedUnits.InstalledBinary, "send", "ingest", marker]);

        Assert.True(health.Succeeded && health.StandardOutput.Contains("\"Healthy\"", StringComparison.Ordinal), health.ToString());
        Assert.True(stats.Succeeded && stats.StandardOutput.Contains("ingest", StringComparison.Ordinal), stats.ToString());
        Assert.True(send.Succeeded, send.ToString());
        await machine.WaitForJournalAsync(cursor, marker, SystemdMachine.Handled, SystemdMachine.Service);
    }

    [SystemdFact]
    public async Task Restart_ThreeTimes_EveryDatagramHandledExactlyOnce()
    {
        var cursor = await machine.JournalCursorAsync();
        (await machine.SystemctlAsync("enable", "--now", SystemdMachine.Socket, SystemdMachine.Service)).EnsureSuccess();
        var run = Guid.NewGuid().ToString("N")[..8];
        var markers = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            // Seven starts within seconds exceed systemd's default start rate limit (StartLimitBurst=5 within
            // StartLimitIntervalSec=10s, systemd.unit(5)); on a fast machine the sixth would be refused and the socket
            // unit fail with it. reset-failed resets that counter (unit_reset_failed), as an operator would.
            (await machine.SystemctlAsync("reset-failed", SystemdMachine.Service)).EnsureSuccess();
            var before = $"before-{i}-{run}";
            await machine.SendWithLoggerAsync(SystemdMachine.IngestSocket, before);
            markers.Add(before);
            await machine.WaitForJournalAsync(cursor, before, SystemdMachine.Handled, SystemdMachine.Service);

            // The service stopped, the socket still listening: the datagram waits in the kernel queue, and its
            // arrival starts the service again (socket activation).
            (await machine.SystemctlAsync("stop", SystemdMachine.Service)).EnsureSuccess();
            Assert.Equal("inactive", await machine.ShowAsync(SystemdMachine.Service, "ActiveState"));
            Assert.Equal("listening", await machine.ShowAsync(SystemdMachine.Socket, "SubState"));
            var during = $"during-{i}-{run}";
            await machine.SendWithLoggerAsync(SystemdMachine.IngestSocket, during);
            markers.Add(during);
            await machine.WaitForJournalAsync(cursor, during, SystemdMachine.Handled, SystemdMachine.Service);

            (await machine.SystemctlAsync("restart", SystemdMachine.Service)).EnsureSuccess();
            var after = $"after-{i}-{run}";
            await machine.SendWithLoggerAsync(SystemdMachine.IngestSocket, after);
            markers.Add(after);
            await machine.WaitForJournalAsync(cursor, after, SystemdMachine.Handled, SystemdMachine.Service);
        }

        var journal = await machine.JournalAsync(cursor, SystemdMachine.Service);
        foreach (var marker in markers)
        {
            Assert.True(journal.Count(l => l.Contains(marker, StringComparison.Ordinal)) == 1, $"'{marker}' handled exactly once:\n{string.Join('\n', journal)}");
        }

        // Each restart was a clean stop and start: no empty datagrams, no restarts of systemd's own making.
        Assert.DoesNotContain(journal, l => l.Contains(": 0 bytes,", StringComparison.Ordinal));
        Assert.Equal("0", await machine.ShowAsync(SystemdMachine.Service, "NRestarts"));
    }

    [SystemdFact]
    public async Task Stop_SocketAndService_FinishCleanlyAndStayStopped()
    {
        (await machine.SystemctlAsync("start", SystemdMachine.Socket, SystemdMachine.Service)).EnsureSuccess();
        await machine.SendWithLoggerAsync(SystemdMachine.IngestSocket, "before the stop");
        var cursor = await machine.JournalCursorAsync();

        var stop = await machine.RunAsync(["systemctl", "stop", SystemdMachine.Socket, SystemdMachine.Service], TimeSpan.FromSeconds(45));

        Assert.True(stop.Succeeded, stop.ToString());
        Assert.Equal("inactive", await machine.ShowAsync(SystemdMachine.Service, "ActiveState"));
        Assert.Equal("inactive", await machine.ShowAsync(SystemdMachine.Socket, "ActiveState"));
        Assert.Equal("success", await machine.ShowAsync(SystemdMachine.Service, "Result"));
        var journal = await machine.JournalAsync(cursor, SystemdMachine.Service, SystemdMachine.Socket);
        // systemd's words for a stop that hung ("State 'stop-sigterm' timed out. Killing."), for a socket that kept
        // re-activating the service ("Trigger limit hit"), and for restart loops.
        string[] trouble = ["timed out. Killing", "Killing process", "Trigger limit hit", "repeated too quickly", "Failed with result"];
        Assert.DoesNotContain(journal, l => trouble.Any(t => l.Contains(t, StringComparison.Ordinal)));
        Assert.False((await machine.RunAsync(["test", "-e", SystemdMachine.IngestSocket])).Succeeded, "RemoveOnStop= removed the socket file");
    }

    [SystemdFact]
    public async Task PowerOff_DgramdRunning_ContainerStopsByItself()
    {
        (await machine.SystemctlAsync("enable", "--now", SystemdMachine.Socket, SystemdMachine.Service)).EnsureSuccess();
        await machine.SendWithLoggerAsync(SystemdMachine.IngestSocket, "before the restart");
        (await machine.SystemctlAsync("restart", SystemdMachine.Service)).EnsureSuccess();
        await machine.SendWithLoggerAsync(SystemdMachine.IngestSocket, "before the poweroff");

        var clean = await machine.PowerOffAsync(CancellationToken.None, TimeSpan.FromSeconds(60));

        Assert.True(clean, "poweroff did not finish; the container had to be killed.\n" + machine.Console);
    }

    [SystemdFact]
    public async Task Service_DynamicUser_NeitherRootNorTheStaticDaemonUser()
    {
        (await machine.SystemctlAsync("start", SystemdMachine.Service)).EnsureSuccess();

        var uid = await machine.MainUserIdAsync();

        Assert.NotEqual(0u, uid);
        Assert.NotEqual(1u, uid);

        // systemd's range for DynamicUser= (systemd.exec(5)).
        Assert.InRange(uid, 61184u, 65519u);
    }

    [SystemdFact]
    public async Task Watchdog_StoppedProcess_RestartedWithinWatchdogSecPlusTen()
    {
        const int watchdogSeconds = 5;
        await machine.AddDropInAsync("watchdog", $"[Service]\nWatchdogSec={watchdogSeconds}\n");
        (await machine.SystemctlAsync("start", SystemdMachine.Service)).EnsureSuccess();
        var cursor = await machine.JournalCursorAsync();
        var pid = await machine.ShowAsync(SystemdMachine.Service, "MainPID");

        (await machine.SystemctlAsync("kill", "--kill-who=main", "-s", "SIGSTOP", SystemdMachine.Service)).EnsureSuccess();

        await SystemdMachine.PollAsync(
            async () => await machine.ShowAsync(SystemdMachine.Service, "MainPID") is var now && now != pid && now != "0"
                && await machine.ShowAsync(SystemdMachine.Service, "ActiveState") == "active",
            TimeSpan.FromSeconds(watchdogSeconds + 10),
            "systemd to kill the stopped daemon and start a new one");
        await machine.WaitForJournalAsync(cursor, "Watchdog timeout", SystemdMachine.Handled, SystemdMachine.Service);
        Assert.Equal("1", await machine.ShowAsync(SystemdMachine.Service, "NRestarts"));
    }

    [SystemdFact]
    public async Task Journal_RunWithOneTruncatedDatagram_ShowsExactlyItsWarnings()
    {
        await machine.WriteConfigurationAsync(Configuration.WithIngestMaxDatagramSize(64));
        var cursor = await machine.JournalCursorAsync();
        (await machine.SystemctlAsync("start", SystemdMachine.Socket, SystemdMachine.Service)).EnsureSuccess();
        await machine.SendWithLoggerAsync(SystemdMachine.IngestSocket, "fits");
        await machine.WaitForJournalAsync(cursor, "fits", SystemdMachine.Handled, SystemdMachine.Service);
        await machine.SendWithLoggerAsync(SystemdMachine.IngestSocket, new string('x', 200));
        await machine.WaitForJournalAsync(cursor, "over MaxDatagramSize 64", SystemdMachine.Handled, SystemdMachine.Service);

        // The truncation makes the endpoint Degraded for a minute: one line when health changes (the status line
        // looks every 5 s), not one per evaluation. A restart and a stop add nothing.
        await machine.WaitForJournalAsync(cursor, "Health changed from Healthy to Degraded", SystemdMachine.Handled, SystemdMachine.Service);
        (await machine.SystemctlAsync("restart", SystemdMachine.Service)).EnsureSuccess();
        await machine.SendWithLoggerAsync(SystemdMachine.IngestSocket, "after the restart");
        await machine.WaitForJournalAsync(cursor, "after the restart", SystemdMachine.Handled, SystemdMachine.Service);
        (await machine.SystemctlAsync("stop", SystemdMachine.Socket, SystemdMachine.Service)).EnsureSuccess();

        var warnings = await machine.JournalWarningsAsync(cursor, SystemdMachine.Service, SystemdMachine.Socket);

        Assert.Collection(
            warnings,
            w => Assert.StartsWith("UnixDatagram.Endpoint.ingest: Endpoint 'ingest' received a datagram of 2", w, StringComparison.Ordinal),
            w => Assert.StartsWith("UnixDatagram.Hosting.SystemdStatusService: Health changed from Healthy to Degraded (endpoint:ingest)", w, StringComparison.Ordinal));

        // No duplicate timestamp or level in the journal's text: it records both itself.
        var lines = await machine.JournalByIdentifierAsync(cursor, "dgramd");
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.DoesNotMatch(@"^\d\d:\d\d:\d\d\.\d{3} (INF|WRN|ERR|DBG|FTL|VRB) ", l));
    }
}
