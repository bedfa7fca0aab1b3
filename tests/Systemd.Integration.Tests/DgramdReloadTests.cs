namespace UnixDatagram.Systemd.Integration.Tests;

/// <summary>
/// <c>systemctl reload</c> under a real systemd: ExecReload= runs <c>dgramd reload</c>, which asks the running daemon to
/// re-read its configuration and fails, with the reason, when the new one is rejected.
/// </summary>
[Collection(RealSystemd.Name)]
public sealed class DgramdReloadTests(SystemdMachine machine) : IAsyncLifetime
{
    public Task InitializeAsync() => Prerequisites.TestsRun ? machine.ResetAsync() : Task.CompletedTask;

    public Task DisposeAsync() => Task.CompletedTask;

    [SystemdFact]
    public async Task Reload_EndpointAdded_NewSocketAnswersAndTheOthersLoseNothing()
    {
        var cursor = await machine.JournalCursorAsync();
        (await machine.SystemctlAsync("start", SystemdMachine.Socket, SystemdMachine.Service)).EnsureSuccess();
        var pid = await machine.ShowAsync(SystemdMachine.Service, "MainPID");
        var run = Guid.NewGuid().ToString("N")[..8];
        await machine.SendWithLoggerAsync(SystemdMachine.IngestSocket, "before-reload-" + run);

        await machine.WriteConfigurationAsync(Configuration.WithExtraEndpoint("extra", "extra.sock"));
        var reload = await machine.SystemctlAsync("reload", SystemdMachine.Service);

        Assert.True(reload.Succeeded, reload.ToString());
        Assert.Equal(pid, await machine.ShowAsync(SystemdMachine.Service, "MainPID"));
        await machine.SendWithLoggerAsync("/run/dgramd/extra.sock", "to-the-new-endpoint-" + run);
        await machine.SendWithLoggerAsync(SystemdMachine.IngestSocket, "after-reload-" + run);
        foreach (var marker in new[] { "before-reload-", "to-the-new-endpoint-", "after-reload-" })
        {
            var lines = await machine.WaitForJournalAsync(cursor, marker + run, SystemdMachine.Handled, SystemdMachine.Service);
            Assert.Single(lines);
        }

        Assert.Equal("active", await machine.ShowAsync(SystemdMachine.Service, "ActiveState"));
    }

    [SystemdFact]
    public async Task Reload_InvalidValue_FailsNamingTheKeyAndTheOldConfigurationServes()
    {
        (await machine.SystemctlAsync("start", SystemdMachine.Socket, SystemdMachine.Service)).EnsureSuccess();
        var pid = await machine.ShowAsync(SystemdMachine.Service, "MainPID");
        var cursor = await machine.JournalCursorAsync();

        await machine.WriteConfigurationAsync(Configuration.WithIngestQueueCapacity("lots"));
        var reload = await machine.SystemctlAsync("reload", SystemdMachine.Service);

        Assert.False(reload.Succeeded, "a rejected configuration must fail systemctl reload: " + reload);
        await machine.WaitForJournalAsync(cursor, "Daemon:Endpoints:0:QueueCapacity", SystemdMachine.Handled, SystemdMachine.Service);
        Assert.Equal("active", await machine.ShowAsync(SystemdMachine.Service, "ActiveState"));
        Assert.Equal(pid, await machine.ShowAsync(SystemdMachine.Service, "MainPID"));
        var marker = "still-serving-" + Guid.NewGuid().ToString("N");
        await machine.SendWithLoggerAsync(SystemdMachine.IngestSocket, marker);
        await machine.WaitForJournalAsync(cursor, marker, SystemdMachine.Handled, SystemdMachine.Service);
        Assert.True((await machine.RunAsync(["test", "-S", "/run/dgramd/control.sock"])).Succeeded, "the control socket still bound");
    }
}
