using System.Text.Json;

namespace UnixDatagram.Hosting.Tests.App;

/// <summary>The shipped executable, end to end: default appsettings.json, real clients, signals and exit codes.</summary>
public sealed class DaemonExecutableTests
{
    [Fact]
    public async Task Run_DefaultSettings_LoggerSendHealthAndCleanStop()
    {
        using var dir = new TempDirectory();
        var env = new Dictionary<string, string> { ["Daemon__SocketDirectory"] = dir.Path };
        await using var daemon = DaemonProcess.Start(["run"], env);
        await daemon.WaitForLineAsync("Application started");
        Assert.True(File.Exists(dir.File("ingest.sock")));
        Assert.True(File.Exists(dir.File("syslog.sock")));

        var marker = Guid.NewGuid().ToString("N");
        await ExternalProcess.RunCheckedAsync("logger", "-u", dir.File("syslog.sock"), "-t", "e2e", "-p", "user.warning", "syslog " + marker);
        var syslogLine = await daemon.WaitForLineAsync("syslog " + marker);
        Assert.Contains("WRN", syslogLine, StringComparison.Ordinal);
        Assert.Contains("e2e", syslogLine, StringComparison.Ordinal);

        var (sendCode, send) = await DaemonProcess.RunAsync(["send", "ingest", "send " + marker], env);
        Assert.True(sendCode == 0, send.StandardError);
        await daemon.WaitForLineAsync("send " + marker);

        var (healthCode, health) = await DaemonProcess.RunAsync(["health"], env);
        Assert.True(healthCode == 0, health.StandardError);
        using (var report = JsonDocument.Parse(health.StandardOutput))
        {
            Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
            Assert.True(report.RootElement.GetProperty("entries").TryGetProperty("endpoint:ingest", out _));
        }

        var (statsCode, stats) = await DaemonProcess.RunAsync(["stats"], env);
        Assert.Equal(0, statsCode);
        using (var counters = JsonDocument.Parse(stats.StandardOutput))
        {
            Assert.Equal(1, counters.RootElement.GetProperty("endpoints").GetProperty("ingest").GetProperty("handled").GetInt64());
            Assert.Equal(1, counters.RootElement.GetProperty("endpoints").GetProperty("syslog").GetProperty("handled").GetInt64());
        }

        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task Stats_MalformedSyslogDatagram_CountedUnderHandlersByItsMetricName()
    {
        using var dir = new TempDirectory();
        var env = new Dictionary<string, string> { ["Daemon__SocketDirectory"] = dir.Path };
        await using var daemon = DaemonProcess.Start(["run"], env);
        await daemon.WaitForLineAsync("Application started");

        var sent = await ExternalProcess.PythonAsync(PythonPeers.SendUnbound, dir.File("syslog.sock"), Convert.ToHexString("<999>not syslog"u8), "1");
        Assert.True(sent.ExitCode == 0, sent.StandardError);
        await daemon.WaitForLineAsync("<999>not syslog");

        var (code, stats) = await DaemonProcess.RunAsync(["stats"], env);
        Assert.True(code == 0, stats.StandardError);
        using var counters = JsonDocument.Parse(stats.StandardOutput);
        Assert.Equal(1, counters.RootElement.GetProperty("handlers").GetProperty("syslog").GetProperty("unixdgram.syslog.malformed").GetInt64());
    }

    [Fact]
    public async Task Run_StopLineWithAnEnumValue_ValueWrittenAsTextNotAsJson()
    {
        using var dir = new TempDirectory();
        await using var daemon = DaemonProcess.Start(["run"], new Dictionary<string, string> { ["Daemon__SocketDirectory"] = dir.Path });
        await daemon.WaitForLineAsync("Application started");

        daemon.Signal(SigTerm);
        var line = await daemon.WaitForLineAsync("Endpoint 'ingest' stopped");
        Assert.Equal(0, await daemon.WaitForExitAsync());

        // WhenTruncated is an enum and TimeSpans are scalars too: a log line shows them as a person reads them, not as JSON strings.
        Assert.Contains("(WhenTruncated Drop)", line, StringComparison.Ordinal);
        Assert.DoesNotContain("\"", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Daemon:Endpoints:0:Handlers:0=nope", "Daemon:Endpoints:0:Handlers:0")]
    [InlineData("--Daemon:Endpoints:1:Mode=0abc", "Daemon:Endpoints:1:Mode")]
    [InlineData("--Daemon:Endpoints:1:Path=ingest.sock", "Daemon:Endpoints:1:Path")]
    [InlineData("--Daemon:Endpoints:0:Path=/nonexistent-dir/ingest.sock", "'/nonexistent-dir' of '/nonexistent-dir/ingest.sock' does not exist")]
    public async Task Run_BadConfiguration_ExitsNonZeroNamingTheKey(string setting, string expected)
    {
        using var dir = new TempDirectory();
        var (code, daemon) = await DaemonProcess.RunAsync(["run", setting], new Dictionary<string, string> { ["Daemon__SocketDirectory"] = dir.Path });
        Assert.NotEqual(0, code);
        Assert.Contains(expected, daemon.StandardError, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Theory]
    [InlineData("--Daemon:Endpoints:1:Mode=0abc", "Cannot start: Daemon:Endpoints:1:Mode: endpoint 'syslog': '0abc'", 78)]
    [InlineData("--Daemon:Endpoints:0:Path=/nonexistent-dir/ingest.sock", "Cannot start: Daemon:Endpoints:0:Path", 78)]
    [InlineData("--Daemon:SocketDirectory=/nonexistent-sockets", "Cannot start: Daemon:SocketDirectory: the socket directory '/nonexistent-sockets' does not exist: create it", 78)]
    [InlineData("--Serilog:MinimumLevel:Default=Loud", "Cannot start: Serilog:MinimumLevel:Default: 'Loud' is not a log level", 78)]
    [InlineData("--Serilog:MinimumLevel:Override:Microsoft=Loud", "Cannot start: Serilog:MinimumLevel:Override:Microsoft: 'Loud' is not a log level", 78)]
    [InlineData("--Serilog:WriteTo:0:Args:queueCapacity=lots", "Cannot start: Serilog:WriteTo:0:Args:queueCapacity: 'lots' is not a whole number", 78)]
    [InlineData("--Serilog:Using:0=Nope.Assembly", "Cannot start: Serilog: Could not load file or assembly 'Nope.Assembly", 78)]
    public async Task Run_RefusedStart_PrintsTheReasonAsOneLineWithoutAStackTrace(string setting, string expected, int exitCode)
    {
        using var dir = new TempDirectory();
        var (code, daemon) = await DaemonProcess.RunAsync(["run", setting], new Dictionary<string, string> { ["Daemon__SocketDirectory"] = dir.Path });
        Assert.Equal(exitCode, code);
        var line = Assert.Single(daemon.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_RegularFileAtEndpointPath_ExitsNonZeroAndKeepsTheFile()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("ingest.sock"), "precious");
        var (code, daemon) = await DaemonProcess.RunAsync(["run"], new Dictionary<string, string> { ["Daemon__SocketDirectory"] = dir.Path });

        // Not a configuration error: the exit code of a failure, not EX_CONFIG; one line, without the host's trace.
        Assert.Equal(1, code);
        var line = Assert.Single(daemon.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Cannot start: ", line, StringComparison.Ordinal);
        Assert.Contains("is not a socket", line, StringComparison.Ordinal);
        Assert.Equal("precious", await File.ReadAllTextAsync(dir.File("ingest.sock")));
    }

    [Fact]
    public async Task Listen_CountFromPython_PrintsEachAndExitsZero()
    {
        using var dir = new TempDirectory();
        var path = dir.File("listen.sock");
        await using var listen = DaemonProcess.Start(["listen", path, "--count", "3"]);
        await listen.WaitForLineAsync("bound to " + path);
        await ExternalProcess.RunCheckedAsync(ExternalProcess.Python, "-c", $"import socket\ns = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\nfor m in (b'one', b'two', b'three'): s.sendto(m, '{path}')");
        Assert.Equal(0, await listen.WaitForExitAsync());
        var lines = listen.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["(unnamed): one", "(unnamed): two", "(unnamed): three"], lines);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task ListenQuiet_SendCount_PrintsSummaryOnly()
    {
        using var dir = new TempDirectory();
        var path = dir.File("listen.sock");
        await using var listen = DaemonProcess.Start(["listen", path, "--count", "2000", "--quiet"]);
        await listen.WaitForLineAsync("bound to " + path);
        var (sendCode, send) = await DaemonProcess.RunAsync(["send", path, "--count", "2000", "--size", "100"]);
        Assert.True(sendCode == 0, send.StandardError);
        Assert.Contains("sent 2000 datagrams (200000 bytes)", send.StandardError, StringComparison.Ordinal);
        Assert.Equal(0, await listen.WaitForExitAsync());
        Assert.Matches(@"^received 2000 datagrams in \d+\.\d{3} s \(\d+/s\)\s*$", listen.StandardOutput);
    }

    [Fact]
    public async Task ListenQuiet_Warmup_ReceivesAllAndPrintsTheSummary()
    {
        using var dir = new TempDirectory();
        var path = dir.File("listen.sock");
        await using var listen = DaemonProcess.Start(["listen", path, "--count", "2000", "--warmup", "1500", "--quiet"]);
        await listen.WaitForLineAsync("bound to " + path);
        var (sendCode, send) = await DaemonProcess.RunAsync(["send", path, "--count", "2000", "--size", "100"]);
        Assert.True(sendCode == 0, send.StandardError);
        Assert.Equal(0, await listen.WaitForExitAsync());
        Assert.Matches(@"^received 2000 datagrams in \d+\.\d{3} s \(\d+/s\)\s*$", listen.StandardOutput);
    }

    [Fact]
    public async Task ListenWarmup_NotBelowCount_ExitsNamingBothOptions()
    {
        using var dir = new TempDirectory();
        var (code, listen) = await DaemonProcess.RunAsync(["listen", dir.File("listen.sock"), "--count", "10", "--warmup", "10", "--quiet"]);
        Assert.NotEqual(0, code);
        Assert.Contains("--warmup 10 must be less than --count 10", listen.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("listen.sock")));
    }

    [Fact]
    public async Task Send_StdinLines_OneDatagramEach()
    {
        using var dir = new TempDirectory();
        var path = dir.File("listen.sock");
        await using var listen = DaemonProcess.Start(["listen", path, "--count", "2"]);
        await listen.WaitForLineAsync("bound to " + path);
        var (code, send) = await DaemonProcess.RunAsync(["send", path], input: "first line\nsecond line\n");
        Assert.True(code == 0, send.StandardError);
        Assert.Equal(0, await listen.WaitForExitAsync());
        Assert.Equal(["(unnamed): first line", "(unnamed): second line"], listen.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Send_MissingSocket_ExitsOneNamingThePath()
    {
        using var dir = new TempDirectory();
        var (code, send) = await DaemonProcess.RunAsync(["send", dir.File("nobody.sock"), "hello"]);
        Assert.Equal(1, code);
        Assert.Contains($"there is no socket at '{dir.File("nobody.sock")}'", send.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_NoDaemon_ExitsThree()
    {
        using var dir = new TempDirectory();
        var (code, health) = await DaemonProcess.RunAsync(["health"], new Dictionary<string, string> { ["Daemon__SocketDirectory"] = dir.Path });
        Assert.Equal(3, code);
        Assert.Contains("is the daemon running?", health.StandardError, StringComparison.Ordinal);
    }
}
