using Microsoft.Extensions.Time.Testing;

namespace UnixDatagram.Handlers.Tests.Syslog;

/// <summary>
/// What a sender claims (its TIMESTAMP and HOSTNAME) against what the receiver knows (when it received the message,
/// which host it is): any local user can write to a 0666 syslog socket, so a line in auth.log takes the receiver's,
/// as rsyslog's imuxsock does on local sockets by default.
/// </summary>
public sealed class SyslogFileClaimsTests : IDisposable
{
    private const string Name = "syslog-files";

    // A backdated sshd line from another host, in both formats, as the review's attacker sent it.
    private const string Forge =
        "import socket, sys\ns = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
        + "s.sendto(b'<38>Jan  2 03:04:05 bastion sshd[812]: Accepted password for root from 10.1.2.3 port 2222 ssh2', sys.argv[1])\n"
        + "s.sendto(b'<38>1 2020-01-02T03:04:05Z bastion2 sshd 813 - - Accepted publickey for root', sys.argv[1])";

    private static readonly string Host = Environment.MachineName.Split('.')[0];
    private readonly RecordingLoggerProvider _logs = new();
    private readonly TempDirectory _dir = new();

    // Received at 10:20:30 on 30 November, the local zone UTC.
    private readonly FakeTimeProvider _clock = SyslogTestClock.Create(new DateTimeOffset(2026, 11, 30, 10, 20, 30, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task HandleAsync_ForgedTimeAndHostFromNobody_LineHasTheReceiveTimeAndThisHost()
    {
        using var handler = Create(Options());

        var lines = await ForgeAsync(handler);

        Assert.Equal(
            [
                $"Nov 30 10:20:30 {Host} sshd[812]: Accepted password for root from 10.1.2.3 port 2222 ssh2",
                $"Nov 30 10:20:30 {Host} sshd[813]: Accepted publickey for root",
            ],
            lines);
    }

    [Fact]
    public async Task HandleAsync_IgnoreTimestampOffAndParseHostnameOn_LineHasWhatTheSenderClaims()
    {
        var options = Options();
        options.IgnoreTimestamp = false;
        options.ParseHostname = true;
        using var handler = Create(options);

        var lines = await ForgeAsync(handler);

        Assert.Equal(
            [
                "Jan  2 03:04:05 bastion sshd[812]: Accepted password for root from 10.1.2.3 port 2222 ssh2",
                "Jan  2 03:04:05 bastion2 sshd[813]: Accepted publickey for root",
            ],
            lines);
    }

    [Fact]
    public async Task HandleAsync_ClaimedAndReceiverProperties_EachKeptUnderItsOwnName()
    {
        var options = Options();
        options.Template = "gen=%timegenerated% ts=%TIMESTAMP% rep=%timereported:::date-rfc3339% claimed=%timestamp-claimed:::date-rfc3339% host=%HOSTNAME% claimedhost=%hostname-claimed% from=%fromhost% %msg%";
        using var handler = Create(options);

        var lines = await ForgeAsync(handler);
        using var endpoint = new TestEndpoint(_dir, "plain");
        await LoggerCommand.RunAsync("-u", endpoint.Path, "-t", "probe", "-p", "auth.info", "plain");
        await handler.HandleAsync(await endpoint.ReceiveAsync(), CancellationToken.None);
        var plain = (await SyslogFile.WaitForLinesAsync(_dir.File("auth.log"), 3))[2];

        var received = $"gen=Nov 30 10:20:30 ts=Nov 30 10:20:30 rep=2026-11-30T10:20:30.000000+00:00";
        Assert.Equal($"{received} claimed=2026-01-02T03:04:05.000000+00:00 host={Host} claimedhost=bastion from={Host} Accepted password for root from 10.1.2.3 port 2222 ssh2", lines[0]);
        Assert.Equal($"{received} claimed=2020-01-02T03:04:05.000000+00:00 host={Host} claimedhost=bastion2 from={Host} Accepted publickey for root", lines[1]);

        // logger writes glibc's format to a local socket: a time of its own, no HOSTNAME.
        Assert.StartsWith(received + " claimed=20", plain, StringComparison.Ordinal);
        Assert.EndsWith($" host={Host} claimedhost=- from={Host} plain", plain, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_MessageWithoutTimeOrHost_ClaimedPropertiesAreADash()
    {
        var options = Options();
        options.Template = "%timestamp-claimed% %hostname-claimed% %TIMESTAMP% %HOSTNAME% %msg%";
        options.IgnoreTimestamp = false;
        options.ParseHostname = true;
        using var handler = Create(options);
        using var endpoint = new TestEndpoint(_dir);

        var sending = ExternalProcess.PythonAsync("import socket, sys; socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b'<38>sshd: no header', sys.argv[1])", endpoint.Path);
        await handler.HandleAsync(await endpoint.ReceiveAsync(), CancellationToken.None);
        (await sending.WaitAsync(TestWait.Timeout)).EnsureSuccess();

        Assert.Equal($"- - Nov 30 10:20:30 {Host} no header", Assert.Single(await SyslogFile.WaitForLinesAsync(_dir.File("auth.log"), 1)));
    }

    /// <summary>Nobody (uid 65534) sends the two forged lines to a 0666 socket; returns the two lines of auth.log.</summary>
    private async Task<string[]> ForgeAsync(SyslogFileHandler handler)
    {
        _dir.OpenToOthers();
        using var endpoint = new TestEndpoint(_dir, "local");
        File.SetUnixFileMode(endpoint.Path, (UnixFileMode)0b110_110_110);

        var sending = ExternalProcess.PythonAsNobodyAsync(Forge, endpoint.Path);
        for (var i = 0; i < 2; i++)
        {
            var context = await endpoint.ReceiveAsync();
            Assert.Equal(ExternalProcess.Nobody, context.Credentials?.UserId);
            await handler.HandleAsync(context, CancellationToken.None);
        }

        (await sending.WaitAsync(TestWait.Timeout)).EnsureSuccess();
        return await SyslogFile.WaitForLinesAsync(_dir.File("auth.log"), 2);
    }

    private SyslogFileHandlerOptions Options()
    {
        var options = new SyslogFileHandlerOptions { Directory = _dir.Path };
        options.Outputs.Add(new SyslogFileOutputOptions { File = "auth.log", Selector = "auth,authpriv.*" });
        return options;
    }

    private SyslogFileHandler Create(SyslogFileHandlerOptions options) =>
        new(Name, new TestOptionsMonitor<SyslogFileHandlerOptions>(Name, options), _logs.CreateLogger<SyslogFileHandler>(), _clock);
}
