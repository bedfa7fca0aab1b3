using System.Text.Json;

namespace UnixDatagram.Hosting.Tests.App;

/// <summary>
/// The shipped executable, whose log's minimum level is Information: what a handler logs below it is not logged, and
/// is never lost in silence: the <c>log</c> handler warns about its Level, and both count what was not logged.
/// </summary>
public sealed class LevelFilterExecutableTests
{
    [Fact]
    public async Task Run_LogLevelDebug_WarnsAtStartAndAtReloadAndCountsTheDatagram()
    {
        using var sockets = new TempDirectory();
        using var etc = new TempDirectory();
        var env = new Dictionary<string, string> { ["CONFIGURATION_DIRECTORY"] = etc.Path };
        var config = Path.Join(etc.Path, "appsettings.json");
        var settings = new Dictionary<string, string?>
        {
            ["Daemon:SocketDirectory"] = sockets.Path,
            ["Daemon:Endpoints:0:Handlers:1"] = "echo",
            ["Daemon:Handlers:log:Level"] = "Debug",
        };
        ConfigFile.Write(config, settings);
        await using var daemon = DaemonProcess.Start(["run"], env);

        var warning = await daemon.WaitForLineAsync("Daemon:Handlers:log:Level is Debug");
        Assert.Contains("WRN", warning, StringComparison.Ordinal);
        Assert.Contains("below the minimum level Information", warning, StringComparison.Ordinal);
        await daemon.WaitForLineAsync("Application started");

        // The echo after it answers once the log handler has returned: the datagram went through it.
        var (sendCode, send) = await DaemonProcess.RunAsync(["send", "ingest", "level debug payload", "--reply"], env);
        Assert.True(sendCode == 0, send.StandardError);
        Assert.Equal(1, await HandlerCounterAsync(env, "log", "unixdgram.log.filtered"));

        ConfigFile.Write(config, new Dictionary<string, string?>(settings) { ["Daemon:Handlers:log:Level"] = "Trace" });
        var (reloadCode, reload) = await DaemonProcess.RunAsync(["reload"], env);
        Assert.True(reloadCode == 0, reload.StandardError);
        await daemon.WaitForLineAsync("Daemon:Handlers:log:Level is Trace, below the minimum level Information");

        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
        Assert.DoesNotContain("level debug payload", daemon.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_DebugMessageToTheSyslogEndpoint_CountedAsFilteredUnderHandlers()
    {
        using var dir = new TempDirectory();
        var env = new Dictionary<string, string> { ["Daemon__SocketDirectory"] = dir.Path };
        await using var daemon = DaemonProcess.Start(["run"], env);
        await daemon.WaitForLineAsync("Application started");
        var marker = Guid.NewGuid().ToString("N");

        // One endpoint handles in order: once the warning is logged, the debug message before it was handled.
        await ExternalProcess.RunCheckedAsync("logger", "-u", dir.File("syslog.sock"), "-t", "probe", "-p", "user.debug", "debug " + marker);
        await ExternalProcess.RunCheckedAsync("logger", "-u", dir.File("syslog.sock"), "-t", "probe", "-p", "user.warning", "warning " + marker);
        await daemon.WaitForLineAsync("warning " + marker);

        Assert.Equal(1, await HandlerCounterAsync(env, "syslog", "unixdgram.syslog.filtered"));
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
        Assert.DoesNotContain("debug " + marker, daemon.StandardError, StringComparison.Ordinal);
    }

    /// <summary>A handler's counter as <c>dgramd stats</c> prints it.</summary>
    private static async Task<long> HandlerCounterAsync(Dictionary<string, string> env, string handler, string counter)
    {
        var (code, stats) = await DaemonProcess.RunAsync(["stats"], env);
        Assert.True(code == 0, stats.StandardError);
        using var json = JsonDocument.Parse(stats.StandardOutput);
        var handlers = json.RootElement.GetProperty("handlers");
        var value = handlers.TryGetProperty(handler, out var counters) && counters.TryGetProperty(counter, out var found) ? found.GetInt64() : (long?)null;
        Assert.True(value is not null, $"no {handler} {counter} in {handlers}");
        return value.Value;
    }
}
