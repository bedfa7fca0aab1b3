using System.Globalization;

namespace UnixDatagram.Hosting.Tests.App;

/// <summary>
/// The syslog role of the real executable against a local user who writes a backdated sshd line from another host
/// into the 0666 socket: auth.log gets the time it was received and this host's name, as rsyslog writes it.
/// </summary>
public sealed class SyslogFilesClaimsExecutableTests
{
    private const string Forge =
        "import socket, sys\ns = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
        + "s.sendto(b'<38>Jan  2 03:04:05 bastion sshd[812]: Accepted password for root from 10.1.2.3 port 2222 ssh2', sys.argv[1])\n"
        + "s.sendto(b'<38>1 2020-01-02T03:04:05Z bastion2 sshd 813 - - Accepted publickey for root', sys.argv[1])";

    private static readonly string Host = Environment.MachineName.Split('.')[0];

    [Fact]
    public async Task Run_NobodyForgesTimeAndHostIntoAuthLog_LinesHaveTheReceiveTimeAndThisHost()
    {
        using var dir = new TempDirectory().OpenToOthers();
        await using var daemon = Start(dir);
        await daemon.WaitForLineAsync("Application started");

        var before = DateTimeOffset.Now;
        await Attacker.RunAsync(ExternalProcess.Python, "-c", Forge, dir.File("local.sock"));
        var lines = await TextFile.WaitForLinesAsync(dir.File("logs/auth.log"), 2, ChildProcess.Timeout);
        var after = DateTimeOffset.Now;
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());

        Assert.Equal($" {Host} sshd[812]: Accepted password for root from 10.1.2.3 port 2222 ssh2", lines[0][15..]);
        Assert.Equal($" {Host} sshd[813]: Accepted publickey for root", lines[1][15..]);
        var received = Seconds(before, after);
        Assert.All(lines, line => Assert.Contains(line[..15], received));
    }

    [Fact]
    public async Task Run_IgnoreTimestampOffAndParseHostnameOn_LinesHaveWhatTheSenderClaimsAndNoKeyIsUnknown()
    {
        using var dir = new TempDirectory().OpenToOthers();
        await using var daemon = Start(dir, "--Daemon:Handlers:syslog-files:IgnoreTimestamp=false", "--Daemon:Handlers:syslog-files:ParseHostname=true");
        await daemon.WaitForLineAsync("Application started");

        await Attacker.RunAsync(ExternalProcess.Python, "-c", Forge, dir.File("local.sock"));
        var lines = await TextFile.WaitForLinesAsync(dir.File("logs/auth.log"), 2, ChildProcess.Timeout);
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());

        // The RFC 3164 time is the sender's local time; the RFC 5424 one, in UTC, is written in local time.
        Assert.Equal("Jan  2 03:04:05 bastion sshd[812]: Accepted password for root from 10.1.2.3 port 2222 ssh2", lines[0]);
        Assert.Equal(Traditional(new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero).ToLocalTime()) + " bastion2 sshd[813]: Accepted publickey for root", lines[1]);
        Assert.DoesNotContain("unknown setting", daemon.StandardError, StringComparison.Ordinal);
    }

    /// <summary>The daemon with the syslog role's 0666 endpoint <c>local</c> and its auth.log output, in <paramref name="dir"/>.</summary>
    private static ChildProcess Start(TempDirectory dir, params string[] settings)
    {
        Directory.CreateDirectory(dir.File("logs"));
        return DaemonProcess.Start(
            [
                "run", "--Daemon:ControlPath=", "--Daemon:SocketDirectory=" + dir.Path,
                "--Daemon:Endpoints:0:Name=local", "--Daemon:Endpoints:0:Path=local.sock", "--Daemon:Endpoints:0:Mode=0666",
                "--Daemon:Endpoints:0:Handlers:0=syslog-files",
                "--Daemon:Endpoints:1:Name=syslog", "--Daemon:Endpoints:1:Path=syslog.sock", "--Daemon:Endpoints:1:Handlers:0=syslog",
                "--Daemon:Handlers:syslog-files:Directory=" + dir.File("logs"),
                "--Daemon:Handlers:syslog-files:Outputs:0:File=auth.log", "--Daemon:Handlers:syslog-files:Outputs:0:Selector=auth,authpriv.*",
                .. settings,
            ],
            new Dictionary<string, string> { ["HOME"] = dir.Path });
    }

    /// <summary>Every <c>Mmm dd hh:mm:ss</c> from <paramref name="from"/> to <paramref name="to"/>, whole seconds.</summary>
    private static List<string> Seconds(DateTimeOffset from, DateTimeOffset to)
    {
        var seconds = new List<string>();
        for (var t = from.AddTicks(-(from.Ticks % TimeSpan.TicksPerSecond)); t <= to; t = t.AddSeconds(1))
        {
            seconds.Add(Traditional(t));
        }

        return seconds;
    }

    private static string Traditional(DateTimeOffset local) =>
        string.Create(CultureInfo.InvariantCulture, $"{local.ToString("MMM", CultureInfo.InvariantCulture)} {local.Day,2} {local:HH:mm:ss}");
}
