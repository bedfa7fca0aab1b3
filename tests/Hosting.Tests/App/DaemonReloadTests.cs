using System.Text.Json;

namespace UnixDatagram.Hosting.Tests.App;

/// <summary>
/// The shipped executable reloads on SIGHUP and on <c>dgramd reload</c>, reading <c>appsettings.json</c> from
/// <c>$CONFIGURATION_DIRECTORY</c> (systemd's <c>ConfigurationDirectory=</c>) over the one next to the binary.
/// </summary>
public sealed class DaemonReloadTests
{
    [Fact]
    public async Task Sighup_EndpointAddedThenReloadCommandRemovesIt_SocketAppearsAnswersAndGoes()
    {
        await using var started = await StartedDaemon.StartAsync();
        var (sockets, env, config, base_, daemon) = started;
        Assert.False(File.Exists(sockets.File("extra.sock")));

        ConfigFile.Write(config, WithExtraEndpoint(base_));
        daemon.Signal(SigHup);
        await daemon.WaitForLineAsync("Configuration reloaded");

        Assert.True(File.Exists(sockets.File("extra.sock")));
        var marker = Guid.NewGuid().ToString("N");
        var (sendCode, send) = await DaemonProcess.RunAsync(["send", "extra", "extra " + marker], env);
        Assert.True(sendCode == 0, send.StandardError);
        Assert.Contains("Datagram on extra from", await daemon.WaitForLineAsync("extra " + marker), StringComparison.Ordinal);
        var (healthCode, health) = await DaemonProcess.RunAsync(["health"], env);
        Assert.True(healthCode == 0, health.StandardError + health.StandardOutput);
        Assert.Contains("endpoint:extra", health.StandardOutput, StringComparison.Ordinal);

        ConfigFile.Write(config, base_);
        var (reloadCode, reload) = await DaemonProcess.RunAsync(["reload"], env);

        Assert.True(reloadCode == 0, reload.StandardError);
        using (var answer = JsonDocument.Parse(reload.StandardOutput))
        {
            Assert.Equal("ok", answer.RootElement.GetProperty("status").GetString());
            Assert.Contains("removed extra", answer.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        Assert.False(File.Exists(sockets.File("extra.sock")));
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
    }

    [Fact]
    public async Task Sighup_StartedUnderNohup_ReloadsAndSaysSighupWasIgnored()
    {
        // nohup (coreutils) starts the daemon with SIGHUP ignored, which execve(2) keeps: as a launcher, a CI runner
        // or an operator's `nohup dgramd run &` may. .NET alone would keep ignoring it, registration or not.
        await using var started = await StartedDaemon.StartAsync(launcher: ["nohup"]);
        var (sockets, _, config, base_, daemon) = started;

        ConfigFile.Write(config, WithExtraEndpoint(base_));
        daemon.Signal(SigHup);
        await daemon.WaitForLineAsync("Configuration reloaded");

        Assert.True(File.Exists(sockets.File("extra.sock")));
        Assert.Contains("SIGHUP was ignored when the process started", daemon.StandardError, StringComparison.Ordinal);
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
    }

    [Fact]
    public async Task ReloadCommand_InvalidValue_ExitsOneNamingTheKeyAndOldConfigurationServes()
    {
        await using var started = await StartedDaemon.StartAsync();
        var (sockets, env, config, base_, daemon) = started;

        ConfigFile.Write(config, new Dictionary<string, string?>(WithExtraEndpoint(base_)) { ["Daemon:Endpoints:0:QueueCapacity"] = "0" });
        var (code, reload) = await DaemonProcess.RunAsync(["reload"], env);

        Assert.Equal(1, code);
        Assert.Contains("Daemon:Endpoints:0:QueueCapacity", reload.StandardError, StringComparison.Ordinal);
        Assert.Contains("Daemon:Endpoints:0:QueueCapacity", await daemon.WaitForLineAsync("Reload failed"), StringComparison.Ordinal);
        Assert.False(File.Exists(sockets.File("extra.sock")));
        var marker = Guid.NewGuid().ToString("N");
        var (sendCode, send) = await DaemonProcess.RunAsync(["send", "ingest", "still " + marker], env);
        Assert.True(sendCode == 0, send.StandardError);
        await daemon.WaitForLineAsync("still " + marker);
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
        Assert.Single(daemon.StandardError.Split('\n'), l => l.Contains("Reload failed", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Serilog:MinimumLevel:Default", "Loud", "Serilog:MinimumLevel:Default: 'Loud' is not a log level")]
    [InlineData("Serilog:MinimumLevel:Defualt", "Debug", "Serilog:MinimumLevel:Defualt: unknown setting 'Defualt'; did you mean Default?")]
    [InlineData("Deamon:SocketDirectory", "/srv", "Deamon: unknown section 'Deamon'; did you mean Daemon?")]
    [InlineData("Serilog:WriteTo:0:Name", "StandardErr", "Serilog:WriteTo:0:Name: 'StandardErr' is not a sink; use one of ")]
    [InlineData("Serilog:WriteTo:0:Args:queueCapasity", "5", "Serilog:WriteTo:0:Args:queueCapasity: 'queueCapasity' is not an argument of StandardError")]
    [InlineData("OpenTelemetry:Endpont", "http://127.0.0.1:4318", "OpenTelemetry:Endpont: unknown setting 'Endpont'; did you mean Endpoint?")]
    public async Task ReloadCommand_SectionReadAtStartBroken_ExitsOneNamingTheKeyAsStartWould(string key, string value, string expected)
    {
        await using var started = await StartedDaemon.StartAsync();
        var (sockets, env, config, base_, daemon) = started;

        // As SIGHUP asks: with --control the client reads no configuration (it would refuse the same file itself).
        ConfigFile.Write(config, new Dictionary<string, string?>(base_) { [key] = value });
        var (code, reload) = await DaemonProcess.RunAsync(["reload", "--control", sockets.File("control.sock")], env);

        Assert.Equal(1, code);
        Assert.Contains(expected, reload.StandardError, StringComparison.Ordinal);
        Assert.Contains(expected, await daemon.WaitForLineAsync("Reload failed"), StringComparison.Ordinal);
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
    }

    [Fact]
    public async Task ReloadCommand_SinkArgumentChanged_ReloadAppliesAndSaysOnceItTakesEffectAtRestart()
    {
        await using var started = await StartedDaemon.StartAsync();
        var (_, env, config, base_, daemon) = started;

        ConfigFile.Write(config, new Dictionary<string, string?>(base_) { ["Serilog:WriteTo:0:Args:outputTemplate"] = "changed {Message:l}{NewLine}" });
        var (first, firstReload) = await DaemonProcess.RunAsync(["reload"], env);
        var (second, secondReload) = await DaemonProcess.RunAsync(["reload"], env);
        daemon.Signal(SigTerm);

        Assert.True(first == 0, firstReload.StandardError);
        Assert.True(second == 0, secondReload.StandardError);
        Assert.Equal(0, await daemon.WaitForExitAsync());
        var warning = Assert.Single(daemon.StandardError.Split('\n'), l => l.Contains("takes effect at restart", StringComparison.Ordinal));
        Assert.Contains("Serilog:WriteTo:0:Args:outputTemplate changed", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("changed Datagram", daemon.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Daemon:ControlReloadUserIds:0")]
    [InlineData("Daemon:ControlAllowedUserIds:0")]
    public async Task ReloadCommand_WhoMayAskChanged_SaysItTakesEffectAtRestart(string key)
    {
        await using var started = await StartedDaemon.StartAsync();
        var (_, env, config, base_, daemon) = started;

        ConfigFile.Write(config, new Dictionary<string, string?>(base_) { [key] = "65534" });
        var (code, reload) = await DaemonProcess.RunAsync(["reload"], env);

        Assert.True(code == 0, reload.StandardError);
        var line = await daemon.WaitForLineAsync("takes effect only at restart");
        Assert.Contains(key[..^2] + " changed from '[]' to '[65534]'", line, StringComparison.Ordinal);
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
    }

    [Fact]
    public async Task ReloadCommand_MinimumLevelChanged_AppliesNowWithoutRestartWarning()
    {
        await using var started = await StartedDaemon.StartAsync();
        var (sockets, env, config, base_, daemon) = started;
        var marker = Guid.NewGuid().ToString("N");

        ConfigFile.Write(config, new Dictionary<string, string?>(base_) { ["Serilog:MinimumLevel:Default"] = "Warning" });
        var (code, reload) = await DaemonProcess.RunAsync(["reload"], env);
        Assert.True(code == 0, reload.StandardError);
        await ExternalProcess.RunCheckedAsync("logger", "-u", sockets.File("syslog.sock"), "-p", "user.info", "below " + marker);
        await ExternalProcess.RunCheckedAsync("logger", "-u", sockets.File("syslog.sock"), "-p", "user.warning", "barrier " + marker);
        await daemon.WaitForLineAsync("barrier " + marker);
        ConfigFile.Write(config, base_);
        (code, reload) = await DaemonProcess.RunAsync(["reload"], env);
        Assert.True(code == 0, reload.StandardError);
        await ExternalProcess.RunCheckedAsync("logger", "-u", sockets.File("syslog.sock"), "-p", "user.info", "again " + marker);
        await daemon.WaitForLineAsync("again " + marker);
        daemon.Signal(SigTerm);

        Assert.Equal(0, await daemon.WaitForExitAsync());
        Assert.DoesNotContain("below " + marker, daemon.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("takes effect at restart", daemon.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReloadCommand_RefusedWithMinimumLevelChanged_SaysTheLevelAppliedAnyway()
    {
        await using var started = await StartedDaemon.StartAsync();
        var (_, env, config, base_, daemon) = started;

        ConfigFile.Write(config, new Dictionary<string, string?>(base_) { ["Serilog:MinimumLevel:Default"] = "Warning", ["Daemon:Endpoints:0:QueueCapacity"] = "0" });
        var (code, reload) = await DaemonProcess.RunAsync(["reload"], env);

        Assert.Equal(1, code);
        var applied = await daemon.WaitForLineAsync("Serilog applied this");
        Assert.Contains("Serilog:MinimumLevel:Default changed from 'Information' to 'Warning'", applied, StringComparison.Ordinal);
        Assert.Contains("Daemon:Endpoints:0:QueueCapacity", await daemon.WaitForLineAsync("Reload failed"), StringComparison.Ordinal);
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
    }

    [Fact]
    public async Task ReloadCommand_NoDaemon_ExitsThree()
    {
        using var dir = new TempDirectory();
        var (code, reload) = await DaemonProcess.RunAsync(["reload", "--timeout", "5"], new Dictionary<string, string> { ["Daemon__SocketDirectory"] = dir.Path });
        Assert.Equal(3, code);
        Assert.Contains("is the daemon running?", reload.StandardError, StringComparison.Ordinal);
    }

    /// <summary>The configuration <paramref name="base_"/> plus endpoint 'extra' at <c>extra.sock</c> with the <c>log</c> handler.</summary>
    private static Dictionary<string, string?> WithExtraEndpoint(Dictionary<string, string?> base_) => new(base_)
    {
        ["Daemon:Endpoints:2:Name"] = "extra",
        ["Daemon:Endpoints:2:Path"] = "extra.sock",
        ["Daemon:Endpoints:2:Handlers:0"] = "log",
    };

    /// <summary>
    /// The real executable running with its socket directory in one temporary directory and its configuration file
    /// in another, named by <c>$CONFIGURATION_DIRECTORY</c>, started ("Application started").
    /// </summary>
    private sealed class StartedDaemon : IAsyncDisposable
    {
        private readonly TempDirectory _etc = new();

        private StartedDaemon(IEnumerable<string>? launcher)
        {
            Environment = new Dictionary<string, string> { ["CONFIGURATION_DIRECTORY"] = _etc.Path };
            Config = Path.Join(_etc.Path, "appsettings.json");
            Base = new Dictionary<string, string?> { ["Daemon:SocketDirectory"] = Sockets.Path };
            ConfigFile.Write(Config, Base);
            Daemon = DaemonProcess.Start(["run"], Environment, launcher);
        }

        public TempDirectory Sockets { get; } = new();

        public Dictionary<string, string> Environment { get; }

        public string Config { get; }

        public Dictionary<string, string?> Base { get; }

        public ChildProcess Daemon { get; }

        /// <summary>Starts it, under <paramref name="launcher"/> when one is given, and waits until it has started.</summary>
        public static async Task<StartedDaemon> StartAsync(IEnumerable<string>? launcher = null)
        {
            var started = new StartedDaemon(launcher);
            try
            {
                await started.Daemon.WaitForLineAsync("Application started");
                return started;
            }
            catch
            {
                await started.DisposeAsync();
                throw;
            }
        }

        public void Deconstruct(out TempDirectory sockets, out Dictionary<string, string> env, out string config, out Dictionary<string, string?> base_, out ChildProcess daemon) =>
            (sockets, env, config, base_, daemon) = (Sockets, Environment, Config, Base, Daemon);

        public async ValueTask DisposeAsync()
        {
            await Daemon.DisposeAsync();
            _etc.Dispose();
            Sockets.Dispose();
        }
    }
}
