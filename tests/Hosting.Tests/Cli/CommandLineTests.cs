using System.Text.Json;

namespace UnixDatagram.Hosting.Tests.Cli;

/// <summary>
/// The command line as a user meets it: every usage error is one line on stderr, exit code 64 (EX_USAGE), no stack
/// trace, and nothing started or bound; help is help; '@name' is a socket name, never a response file.
/// </summary>
public sealed class CommandLineTests
{
    private const int Usage = 64;

    [Theory]
    [InlineData("'stat' is not a command", "stat")]
    [InlineData("'halth' is not a command", "halth", "--control", "x")]
    [InlineData("unexpected argument '--bogus'", "--bogus")]
    [InlineData("unexpected argument 'stray'", "run", "stray")]
    [InlineData("unexpected argument '--Daemon:SocketDirectory'", "run", "--Daemon:SocketDirectory")]
    [InlineData("'abc' is not a valid value for --count.", "send", "ingest", "--count", "abc")]
    [InlineData("--count must be at least 1.", "send", "ingest", "x", "--count", "0")]
    [InlineData("'x' is not a valid value for --count.", "listen", "@nobody-listens-here", "--count", "x")]
    [InlineData("'abc' is not a valid value for --timeout.", "health", "--timeout", "abc")]
    [InlineData("'abc' is not a valid value for --timeout.", "stats", "--control", "@nobody-listens-here", "--timeout", "abc")]
    [InlineData("'abc' is not a valid value for --timeout.", "reload", "--timeout", "abc")]
    [InlineData("'abc' is not a valid value for --count.", "send", "ingest", "--size", "5", "--count", "abc")]
    [InlineData("--timeout must be more than 0 and at most 86400 seconds.", "send", "ingest", "x", "--reply", "--timeout", "NaN")]
    [InlineData("--timeout must be more than 0 and at most 86400 seconds.", "health", "--timeout", "0")]
    [InlineData("Unrecognized command or argument '--bogus'", "health", "--bogus")]
    [InlineData("'nosuch' is not an endpoint name (configured: ingest, syslog)", "send", "nosuch", "hi")]
    public async Task Command_UsageError_OneLineExit64NothingStarted(string expected, params string[] args)
    {
        using var dir = new TempDirectory();
        var (code, process) = await DaemonProcess.RunAsync(args, new Dictionary<string, string> { ["Daemon__SocketDirectory"] = dir.Path });

        Assert.Equal(Usage, code);
        var line = Assert.Single(process.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.StartsWith("dgramd", line, StringComparison.Ordinal);
        Assert.Empty(process.StandardOutput);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Theory]
    [InlineData("help")]
    [InlineData("--help")]
    [InlineData("run", "--help")]
    [InlineData("send", "--help")]
    public async Task Help_AnyForm_PrintsUsageAndStartsNothing(params string[] args)
    {
        using var dir = new TempDirectory();
        var (code, process) = await DaemonProcess.RunAsync(args, new Dictionary<string, string> { ["Daemon__SocketDirectory"] = dir.Path });

        Assert.True(code == 0, process.StandardError);
        Assert.Contains("Usage:", process.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task Send_AbstractName_IsASocketNotAResponseFile()
    {
        var name = "dgramd-cli-test-" + Guid.NewGuid().ToString("N");
        await using var receiver = await PythonPeers.StartBoundAsync("@" + name, """
            print("got", s.recv(100).decode(), flush=True)
            """);

        var (code, send) = await DaemonProcess.RunAsync(["send", "@" + name, "hello"]);

        Assert.True(code == 0, send.StandardError);
        await receiver.WaitForLineAsync("got hello");
    }

    [Fact]
    public async Task SendReply_EchoingPeer_PrintsEachReply()
    {
        using var dir = new TempDirectory();
        var path = dir.File("echo.sock");
        await using var echo = await PythonPeers.StartBoundAsync(path, """
            for _ in range(2):
                data, peer = s.recvfrom(100)
                s.sendto(data.upper(), peer)
            """);

        var (code, send) = await DaemonProcess.RunAsync(["send", path, "--reply"], input: "one\ntwo\n");

        Assert.True(code == 0, send.StandardError);
        Assert.Equal(["ONE", "TWO"], send.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task SendReply_SilentPeer_ExitsThreeAfterTheTimeout()
    {
        using var dir = new TempDirectory();
        var path = dir.File("silent.sock");
        await using var silent = await PythonPeers.StartBoundAsync(path, """
            sys.stdin.read()
            """);

        var (code, send) = await DaemonProcess.RunAsync(["send", path, "hello", "--reply", "--timeout", "0.2"]);

        Assert.Equal(3, code);
        Assert.Contains($"no reply from {path} within 0.2 s", send.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listen_UnbindablePath_SaysWhyOnce()
    {
        var (code, listen) = await DaemonProcess.RunAsync(["listen", "/nonexistent-dir/listen.sock", "--count", "1"]);

        Assert.Equal(1, code);
        var line = Assert.Single(listen.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("'/nonexistent-dir' of '/nonexistent-dir/listen.sock' does not exist", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_Counters_AreNumbersAsInStats()
    {
        using var dir = new TempDirectory();
        var environment = new Dictionary<string, string> { ["Daemon__SocketDirectory"] = dir.Path };
        await using var daemon = DaemonProcess.Start(["run"], environment);
        await daemon.WaitForLineAsync("Application started");

        var (_, health) = await DaemonProcess.RunAsync(["health"], environment);
        var (_, stats) = await DaemonProcess.RunAsync(["stats"], environment);

        using var healthJson = JsonDocument.Parse(health.StandardOutput);
        using var statsJson = JsonDocument.Parse(stats.StandardOutput);
        Assert.Equal(JsonValueKind.Number, healthJson.RootElement.GetProperty("entries").GetProperty("endpoint:ingest").GetProperty("data").GetProperty("received").ValueKind);
        Assert.Equal(JsonValueKind.Number, statsJson.RootElement.GetProperty("endpoints").GetProperty("ingest").GetProperty("received").ValueKind);
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
    }
}
