namespace UnixDatagram.Hosting.Tests.App;

/// <summary>
/// The real executable, when every log output is restricted above the <c>log</c> handler's Level: its datagrams pass
/// the minimum level, are handled, and are written nowhere, which the daemon says (event 1321) at start and at a reload,
/// naming the handler's key and the sinks' restrictions; a sink that writes the Level means no warning.
/// </summary>
public sealed class LogOutputFloorExecutableTests
{
    private const string Restriction = "Serilog__WriteTo__0__Args__restrictedToMinimumLevel";

    /// <summary>
    /// The first line a daemon whose sinks write only Warning and up writes once started: the shipped <c>syslog</c>
    /// endpoint's messages of severity info and notice reach no output either (event 1322), said once its socket is bound.
    /// </summary>
    private const string SyslogWarning = "Handler syslog: its messages of severity info, notice pass the minimum level";

    [Fact]
    public async Task Run_OnlySinkRestrictedAboveTheLogLevel_WarnsOnceNamingTheKeys()
    {
        using var dir = new TempDirectory();
        var environment = Environment(dir, (Restriction, "Warning"));
        await using var daemon = DaemonProcess.Start(["run"], environment);
        var marker = await PingAsync(dir, daemon, SyslogWarning);

        var stderr = await StopAsync(daemon);
        var warning = Assert.Single(Warnings(stderr));
        Assert.Contains("WRN", warning, StringComparison.Ordinal);
        Assert.Contains("Daemon:Handlers:log:Level is Information, below Warning", warning, StringComparison.Ordinal);
        Assert.Contains("(Serilog:WriteTo:0:Args:restrictedToMinimumLevel is Warning)", warning, StringComparison.Ordinal);
        Assert.Contains("Set Daemon:Handlers:log:Level to Warning or above", warning, StringComparison.Ordinal);

        // What the warning is about: the datagram went through the log handler and reached no output.
        Assert.DoesNotContain(marker, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, daemon.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_OneOfTwoSinksRestricted_NoWarningAndTheDatagramWritten_BothRestricted_Warns()
    {
        // Two sinks: stderr restricted to Warning, stdout (Console) writing every level.
        using (var dir = new TempDirectory())
        {
                var environment = Environment(dir, (Restriction, "Warning"), ("Serilog__WriteTo__1__Name", "Console"));
            await using var daemon = DaemonProcess.Start(["run"], environment);
            var marker = await PingAsync(dir, daemon, "Application started");

            var stderr = await StopAsync(daemon);
            Assert.Contains(marker, daemon.StandardOutput, StringComparison.Ordinal);
            Assert.Empty(Warnings(stderr));
            Assert.Empty(Warnings(daemon.StandardOutput));
        }

        // The same two sinks, stdout restricted too (any case): nothing writes Information.
        using (var dir = new TempDirectory())
        {
                var environment = Environment(
                dir, (Restriction, "Warning"), ("Serilog__WriteTo__1__Name", "Console"), ("Serilog__WriteTo__1__Args__restrictedToMinimumLevel", "error"));
            await using var daemon = DaemonProcess.Start(["run"], environment);
            var marker = await PingAsync(dir, daemon, SyslogWarning);

            var stderr = await StopAsync(daemon);
            Assert.DoesNotContain(marker, daemon.StandardOutput, StringComparison.Ordinal);
            var warning = Assert.Single(Warnings(stderr));
            Assert.Contains(
                "below Warning, the lowest level any log output writes (Serilog:WriteTo:0:Args:restrictedToMinimumLevel is Warning; Serilog:WriteTo:1:Args:restrictedToMinimumLevel is Error)",
                warning,
                StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Reload_LogLevelLoweredBelowTheRestrictedSink_Warns()
    {
        using var dir = new TempDirectory();
        using var etc = new TempDirectory();
        var environment = Environment(dir, (Restriction, "Warning"));
        environment["CONFIGURATION_DIRECTORY"] = etc.Path;
        var config = Path.Join(etc.Path, "appsettings.json");
        ConfigFile.Write(config, new Dictionary<string, string?> { ["Daemon:Handlers:log:Level"] = "Warning" });
        await using var daemon = DaemonProcess.Start(["run"], environment);
        await PingAsync(dir, daemon, SyslogWarning);

        // Information passes the minimum level (Information) and no sink writes it.
        ConfigFile.Write(config, new Dictionary<string, string?> { ["Daemon:Handlers:log:Level"] = "Information" });
        var (reloadCode, reload) = await DaemonProcess.RunAsync(["reload"], environment);
        Assert.True(reloadCode == 0, reload.StandardError);
        var marker = await PingAsync(dir, daemon, started: null);

        var stderr = await StopAsync(daemon);
        var warning = Assert.Single(Warnings(stderr));
        Assert.Contains("Daemon:Handlers:log:Level is Information, below Warning", warning, StringComparison.Ordinal);
        Assert.Contains("Serilog:WriteTo:0:Args:restrictedToMinimumLevel is Warning", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, stderr, StringComparison.Ordinal);
    }

    /// <summary>The socket directory, an <c>echo</c> after <c>log</c> on <c>ingest</c>, and <paramref name="settings"/>.</summary>
    private static Dictionary<string, string> Environment(TempDirectory dir, params (string Name, string Value)[] settings)
    {
        var environment = new Dictionary<string, string>
        {
            ["Daemon__SocketDirectory"] = dir.Path,
            ["Daemon__Endpoints__0__Handlers__1"] = "echo",
        };
        foreach (var (name, value) in settings)
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>
    /// Waits for <paramref name="started"/> (unless null), then sends a datagram to <c>ingest</c> with python3 and waits
    /// for the echo: it has been through the <c>log</c> handler. Returns its text.
    /// </summary>
    private static async Task<string> PingAsync(TempDirectory dir, ChildProcess daemon, string? started)
    {
        if (started is not null)
        {
            await daemon.WaitForLineAsync(started);
        }

        var marker = "floor-" + Guid.NewGuid().ToString("N");
        var ping = await PythonPeers.PingAsync(dir.File("ingest.sock"), dir.File("peer-" + marker[6..14] + ".sock"), marker);
        Assert.True(ping.ExitCode == 0, ping.StandardError);
        Assert.Equal(marker, ping.StandardOutput.Trim());
        return marker;
    }

    private static async Task<string> StopAsync(ChildProcess daemon)
    {
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
        return daemon.StandardError;
    }

    /// <summary>The lines that say the log handler's datagrams reach no output (event 1321).</summary>
    private static List<string> Warnings(string output) =>
        [.. output.Split('\n').Where(line => line.Contains("Daemon:Handlers:log:Level is", StringComparison.Ordinal) && line.Contains("reach no output", StringComparison.Ordinal))];
}
