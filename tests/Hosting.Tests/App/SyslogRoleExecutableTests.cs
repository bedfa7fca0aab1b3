using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests.App;

/// <summary>
/// The syslog role of the real executable under systemd's own socket-activation tool, passing the socket as
/// syslog.socket passes its own: named after the unit, suffix included (FileDescriptorName='s default).
/// </summary>
public sealed class SyslogRoleExecutableTests
{
    [Fact]
    public async Task Run_SocketPassedAsSyslogSocket_AdoptedByNameSyslogAndWrittenToTheFile()
    {
        using var dir = new TempDirectory();
        var socket = dir.File("syslog");
        await using var daemon = Start(dir, "syslog.socket", ["--Daemon:Endpoints:0:FileDescriptorName=syslog", "--Daemon:Endpoints:0:Path="]);

        await WakeAsync(daemon, socket, "adopted the socket systemd passed as 'syslog.socket'");
        var pid = await LoggerAsync(socket, "hello");

        var line = (await WaitForLinesAsync(dir.File("logs/syslog"), 2))[1];
        Assert.Matches($@"^user\.notice pid={pid} uid=\d+ gid=\d+ probe\[{pid}\]: hello$", line);
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
        Assert.True(File.Exists(socket), "the socket belongs to the socket unit");
    }

    [Fact]
    public async Task Run_NameMatchesNothingButPathDoes_AdoptedByPath()
    {
        using var dir = new TempDirectory();
        var socket = dir.File("syslog");
        await using var daemon = Start(dir, "syslog.socket", ["--Daemon:Endpoints:0:FileDescriptorName=journal-syslog", "--Daemon:Endpoints:0:Path=" + socket]);

        await WakeAsync(daemon, socket, "(matched by path)");
        var pid = await LoggerAsync(socket, "by path");

        Assert.EndsWith($" probe[{pid}]: by path", (await WaitForLinesAsync(dir.File("logs/syslog"), 2))[1], StringComparison.Ordinal);
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
    }

    [Fact]
    public async Task Run_NoPassedSocketMatches_StartFailsListingWhatWasPassed()
    {
        using var dir = new TempDirectory();
        var socket = dir.File("syslog");
        await using var daemon = Start(dir, "syslog.socket", ["--Daemon:Endpoints:0:FileDescriptorName=journal", "--Daemon:Endpoints:0:Path="]);

        await daemon.WaitForLineAsync("Listening on " + socket);
        await LoggerAsync(socket, "wake up");

        Assert.NotEqual(0, await daemon.WaitForExitAsync());
        var error = daemon.StandardOutput + daemon.StandardError;
        Assert.Contains("Daemon:Endpoints:0:FileDescriptorName", error, StringComparison.Ordinal);
        Assert.Contains($"fd 3 'syslog.socket' (an AF_UNIX SOCK_DGRAM socket bound to {socket})", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_RenamedThenSighup_NextLinesInAFreshFileAndNoneLost()
    {
        using var dir = new TempDirectory();
        await using var daemon = StartBound(dir);
        var socket = dir.File("syslog");
        var log = dir.File("logs/syslog");
        await daemon.WaitForLineAsync("bound to " + socket);
        await LoggerAsync(socket, "one");
        await WaitForLinesAsync(log, 1);

        // logrotate: rename, then the postrotate HUP.
        File.Move(log, log + ".1");
        await LoggerAsync(socket, "two");
        await WaitForLinesAsync(log + ".1", 2);

        // "bound to" comes before the SIGHUP handler is registered: a SIGHUP then would end the daemon, and one
        // between the registration and "Application started" is refused as a reload during start.
        await daemon.WaitForLineAsync("Application started");
        daemon.Signal(SigHup);
        await daemon.WaitForLineAsync("files closed and opened again on reload");
        await LoggerAsync(socket, "three");

        Assert.EndsWith(": three", Assert.Single(await WaitForLinesAsync(log, 1)), StringComparison.Ordinal);
        var rotated = await File.ReadAllLinesAsync(log + ".1");
        Assert.Equal(2, rotated.Length);
        Assert.EndsWith(": one", rotated[0], StringComparison.Ordinal);
        Assert.EndsWith(": two", rotated[1], StringComparison.Ordinal);
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
    }

    [Fact]
    public async Task Run_SigtermRightAfterABurst_EveryHandledMessageIsInTheFile()
    {
        const int count = 2000;
        using var dir = new TempDirectory();
        await using var daemon = StartBound(dir);
        var socket = dir.File("syslog");
        await daemon.WaitForLineAsync("bound to " + socket);

        // One logger, one datagram per line, blocking while the daemon's queues are full: when it exits, the last
        // ones are still queued in the kernel, the endpoint and the writer.
        var logger = await ChildProcess.RunAsync("sh", ["-c", $"seq 1 {count} | logger --socket-errors=on -u {socket} -t burst"]);
        Assert.True(logger.ExitCode == 0, logger.StandardError);
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());

        // What the endpoint handled is in the file, to the last line; what it never read at stop was counted as dropped.
        var stopped = await daemon.WaitForLineAsync("Endpoint 'system' stopped:");
        var match = System.Text.RegularExpressions.Regex.Match(stopped, @"(\d+) received, (\d+) handled, \d+ failed, \d+ timed out, (\d+) dropped");
        Assert.True(match.Success, stopped);
        var handled = int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        var dropped = int.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(count, handled + dropped);
        var lines = await File.ReadAllLinesAsync(dir.File("logs/syslog"));
        Assert.Equal(handled, lines.Length);
        Assert.EndsWith($"burst: {handled}", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_HugeMessageAndHeaderFieldsFromPython_EveryLineBoundedAndMarked()
    {
        using var dir = new TempDirectory();
        await using var daemon = StartBound(dir);
        var socket = dir.File("syslog");
        await daemon.WaitForLineAsync("bound to " + socket);

        // A 64 KiB datagram with its MSG all 0xff; an RFC 5424 APP-NAME of 60000 bytes (malformed: written raw); an
        // RFC 3164 TAG of as many (no tag: all of it is MSG).
        (await ExternalProcess.PythonAsync(
            "import socket, sys\ns = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
            + "for d in (b'<13>app: ' + b'\\xff' * 65527, b'<13>1 - h ' + b'\\xff' * 60000 + b' - - - x', b'<13>' + b'\\xff' * 60000 + b': x'):\n"
            + "    s.sendto(d, sys.argv[1])",
            socket)).EnsureSuccess();
        var lines = await WaitForLinesAsync(dir.File("logs/syslog"), 3);
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());

        // Each byte shows as \xff: 8192 of them and the marker, not 240 KiB.
        Assert.All(lines, line => Assert.True(line.Length < (4 * 8192) + 200, $"{line.Length} characters"));
        Assert.EndsWith(" app: " + string.Concat(Enumerable.Repeat("\\xff", 8192)) + " [message cut at MaxMessageSize 8192 of its 65527 bytes]", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("[message cut at MaxMessageSize 8192 of its 60018 bytes]", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("[message cut at MaxMessageSize 8192 of its 60003 bytes]", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InvalidSelector_StartFailsNamingTheKey()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("logs"));

        var (exit, daemon) = await DaemonProcess.RunAsync(
            [
                "run", "--Daemon:ControlPath=", "--Daemon:SocketDirectory=" + dir.Path,
                "--Daemon:Endpoints:0:Name=system", "--Daemon:Endpoints:0:Path=" + dir.File("syslog"), "--Daemon:Endpoints:0:Handlers:0=syslog-files",
                "--Daemon:Handlers:syslog-files:Outputs:0:File=syslog",
                "--Daemon:Handlers:syslog-files:Outputs:0:Selector=mail.*;*.loud",
            ],
            new Dictionary<string, string> { ["LOGS_DIRECTORY"] = dir.File("logs") });
        using var _ = daemon;

        Assert.NotEqual(0, exit);
        Assert.Contains("Daemon:Handlers:syslog-files:Outputs:0:Selector: 'mail.*;*.loud'", daemon.StandardOutput + daemon.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_LogDirectoryOfAnotherUserWithALinkToRootsFile_StartFailsAndTheFileIsUntouched()
    {
        using var dir = new TempDirectory().OpenToOthers();
        var victim = Directory.CreateDirectory(dir.File("victim")).FullName;
        File.SetUnixFileMode(victim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var secret = Path.Join(victim, "secret");
        await File.WriteAllTextAsync(secret, "root only\n");
        File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var logs = Directory.CreateDirectory(dir.File("logs")).FullName;
        await ExternalProcess.RunCheckedAsync("chown", $"{Attacker.UserId}:{Attacker.UserId}", logs);
        await Attacker.RunAsync("ln", "-s", secret, Path.Join(logs, "x.log"));
        var socket = dir.File("syslog");

        await using var daemon = DaemonProcess.Start(
            [
                "run", "--Daemon:ControlPath=", "--Daemon:SocketDirectory=" + dir.Path,
                "--Daemon:Endpoints:0:Name=system", "--Daemon:Endpoints:0:Path=" + socket, "--Daemon:Endpoints:0:Handlers:0=syslog-files",
                "--Daemon:Handlers:syslog-files:Directory=" + logs, "--Daemon:Handlers:syslog-files:Outputs:0:File=x.log",
            ],
            new Dictionary<string, string> { ["HOME"] = dir.Path });
        try
        {
            // Only if the daemon took the directory: what the attacker's link points to would get the line.
            await daemon.WaitForLineAsync("Application started");
            await LoggerAsync(socket, "evil text");
            daemon.Signal(SigTerm);
        }
        catch (InvalidOperationException)
        {
            // It refused to start, as it must.
        }

        Assert.NotEqual(0, await daemon.WaitForExitAsync());
        var error = daemon.StandardOutput + daemon.StandardError;
        Assert.Contains($"Daemon:Handlers:syslog-files:Directory: '{logs}': the directory '{logs}' (owner uid {Attacker.UserId}, mode 0755) is owned by another user", error, StringComparison.Ordinal);
        Assert.Equal("root only\n", await File.ReadAllTextAsync(secret));
    }

    /// <summary>
    /// The tool starts the daemon on the first datagram, which was queued before SO_PASSCRED was on (so it carries no
    /// real credentials: systemd's PassCredentials= sets it at bind time, this tool cannot); waits until the daemon says <paramref name="adopted"/>.
    /// </summary>
    private static async Task WakeAsync(ChildProcess daemon, string socket, string adopted)
    {
        await daemon.WaitForLineAsync("Listening on " + socket);
        using (var client = new UnixDatagramSocket())
        {
            Assert.Equal(SendStatus.Sent, client.SendTo("<14>wake: up"u8, socket));
        }

        await daemon.WaitForLineAsync(adopted);
    }

    /// <summary>The daemon under systemd-socket-activate with the syslog role's handler writing to dir/logs.</summary>
    private static ChildProcess Start(TempDirectory dir, string fdName, string[] endpoint)
    {
        Directory.CreateDirectory(dir.File("logs"));
        return DaemonProcess.StartSocketActivated(
            dir,
            dir.File("syslog"),
            fdName,
            [
                "run", "--Daemon:ControlPath=",
                "--Daemon:Endpoints:0:Name=system", "--Daemon:Endpoints:0:Handlers:0=syslog-files", .. endpoint,
                "--Daemon:Handlers:syslog-files:Outputs:0:File=syslog",
                "--Daemon:Handlers:syslog-files:Template=%pri-text% pid=%pid% uid=%uid% gid=%gid% %syslogtag%%msg:::sp-if-no-1st-sp%%msg%",
            ],
            "LOGS_DIRECTORY=" + dir.File("logs"));
    }

    /// <summary>The daemon binding dir/syslog itself (no systemd), with the traditional format into dir/logs/syslog.</summary>
    private static ChildProcess StartBound(TempDirectory dir)
    {
        Directory.CreateDirectory(dir.File("logs"));
        return DaemonProcess.Start(
            [
                "run", "--Daemon:ControlPath=", "--Daemon:SocketDirectory=" + dir.Path,
                "--Daemon:Endpoints:0:Name=system", "--Daemon:Endpoints:0:Path=" + dir.File("syslog"), "--Daemon:Endpoints:0:Handlers:0=syslog-files",
                "--Daemon:Handlers:syslog-files:Outputs:0:File=syslog",
            ],
            new Dictionary<string, string> { ["LOGS_DIRECTORY"] = dir.File("logs"), ["HOME"] = dir.Path });
    }

    /// <summary>Sends with util-linux logger (tag probe, its own pid in the tag); returns logger's pid.</summary>
    private static async Task<int> LoggerAsync(string socket, string message) =>
        (await ExternalProcess.RunCheckedAsync("logger", "--socket-errors=on", "-u", socket, "-t", "probe", "-i", message)).ProcessId;

    /// <summary>The daemon writes its files itself, on its own time: as long as a child process may take.</summary>
    private static Task<string[]> WaitForLinesAsync(string path, int count) => TextFile.WaitForLinesAsync(path, count, ChildProcess.Timeout);
}
