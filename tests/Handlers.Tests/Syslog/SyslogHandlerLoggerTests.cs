using System.Globalization;
using Microsoft.Extensions.Logging;
using UnixDatagram.Transport;

namespace UnixDatagram.Handlers.Tests.Syslog;

/// <summary>End to end from the real util-linux <c>logger -u PATH</c> through a real socket into <see cref="SyslogHandler"/>.</summary>
public sealed class SyslogHandlerLoggerTests : IDisposable
{
    private readonly RecordingLoggerProvider _logs = new();
    private readonly TempDirectory _dir = new();
    private readonly TestEndpoint _endpoint;

    public SyslogHandlerLoggerTests()
    {
        _endpoint = new TestEndpoint(_dir, "syslog");
    }

    [Fact]
    public async Task Logger_Default_LogsRfc3164WithoutHostname()
    {
        var pid = await LoggerCommand.RunAsync("-u", _endpoint.Path, "-t", "app", "-p", "local3.warning", "hello wörld");

        var entry = await HandleNextAsync();

        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Equal("local3", entry["Facility"]);
        Assert.Equal("warning", entry["Severity"]);
        Assert.Equal("app", entry["App"]);
        Assert.Equal("-", entry["ClaimedPid"]);
        Assert.Equal("hello wörld", entry["Message"]);
        Assert.Equal("syslog", entry["Endpoint"]);
        Assert.Equal(pid, entry["Pid"]);
        Assert.Equal(UnixProcess.UserId, entry["Uid"]);
        Assert.Equal(UnixProcess.GroupId, entry["Gid"]);
        Assert.Equal(SyslogFormat.Rfc3164, entry["Format"]);
        Assert.Null(entry["Hostname"]);
        var timestamp = Assert.IsType<DateTimeOffset>(entry["Timestamp"]);
        Assert.InRange(timestamp, DateTimeOffset.Now.AddMinutes(-5), DateTimeOffset.Now.AddMinutes(5));
        Assert.Equal($"local3.warning app[-] on syslog from pid={pid} uid={UnixProcess.UserId} gid={UnixProcess.GroupId}: hello wörld", entry.Message);
    }

    [Theory]
    [InlineData("mail.emerg", LogLevel.Critical, "mail", "emerg")]
    [InlineData("user.alert", LogLevel.Critical, "user", "alert")]
    [InlineData("auth.crit", LogLevel.Critical, "auth", "crit")]
    [InlineData("daemon.err", LogLevel.Error, "daemon", "err")]
    [InlineData("local0.warning", LogLevel.Warning, "local0", "warning")]
    [InlineData("user.notice", LogLevel.Information, "user", "notice")]
    [InlineData("local7.info", LogLevel.Information, "local7", "info")]
    [InlineData("cron.debug", LogLevel.Debug, "cron", "debug")]
    public async Task Logger_Priority_MapsToFacilitySeverityAndLevel(string priority, LogLevel level, string facility, string severity)
    {
        await LoggerCommand.RunAsync("-u", _endpoint.Path, "-p", priority, "prioritized");

        var entry = await HandleNextAsync();

        Assert.Equal(level, entry.Level);
        Assert.Equal(facility, entry["Facility"]);
        Assert.Equal(severity, entry["Severity"]);
        Assert.Equal("prioritized", entry["Message"]);
    }

    [Fact]
    public async Task Logger_WithPid_ClaimedAndKernelPidAgree()
    {
        var pid = await LoggerCommand.RunAsync("-u", _endpoint.Path, "-i", "-t", "svc", "with pid");

        var entry = await HandleNextAsync();

        Assert.Equal(pid.ToString(CultureInfo.InvariantCulture), entry["ClaimedPid"]);
        Assert.Equal(pid, entry["Pid"]);
        Assert.Equal("svc", entry["App"]);
    }

    [Fact]
    public async Task Logger_ClaimsAnotherPid_BothPidsAreLogged()
    {
        var pid = await LoggerCommand.RunAsync("-u", _endpoint.Path, "--id=42", "-t", "liar", "not really 42");

        var entry = await HandleNextAsync();

        // logger also puts the claimed pid into SCM_CREDENTIALS. The kernel accepts that only from a privileged
        // process (CAP_SYS_ADMIN): as root both say 42 (and logger 2.38 leaves uid and gid uninitialized there, which
        // the kernel accepts from root too); otherwise the kernel reports logger's real pid and uid.
        Assert.Equal("42", entry["ClaimedPid"]);
        if (UnixProcess.UserId == 0)
        {
            Assert.Equal(42, entry["Pid"]);
        }
        else
        {
            Assert.Equal(pid, entry["Pid"]);
            Assert.Equal(UnixProcess.UserId, entry["Uid"]);
        }
    }

    [Fact]
    public async Task Logger_Rfc3164_ReadsHostname()
    {
        await LoggerCommand.RunAsync("-u", _endpoint.Path, "--rfc3164", "-i", "-t", "t", "with host");

        var entry = await HandleNextAsync();

        // logger writes the host name up to its first dot.
        Assert.Equal(Environment.MachineName.Split('.')[0], entry["Hostname"]);
        Assert.Equal("t", entry["App"]);
        Assert.Equal("with host", entry["Message"]);
    }

    [Fact]
    public async Task Logger_Rfc5424_ReadsEveryField()
    {
        var pid = await LoggerCommand.RunAsync(
            "-u", _endpoint.Path, "--rfc5424", "-i", "-t", "app", "-p", "local3.err", "--msgid", "ID47",
            "--sd-id", "zoo@123", "--sd-param", "tiger=\"hungry \\] x\"", "structured");

        var entry = await HandleNextAsync();

        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Equal(SyslogFormat.Rfc5424, entry["Format"]);
        Assert.Equal("local3", entry["Facility"]);
        Assert.Equal("err", entry["Severity"]);
        Assert.Equal("app", entry["App"]);
        Assert.Equal(pid.ToString(CultureInfo.InvariantCulture), entry["ClaimedPid"]);
        Assert.Equal(pid, entry["Pid"]);
        Assert.Equal("ID47", entry["MessageId"]);
        Assert.Equal(Environment.MachineName.Split('.')[0], entry["Hostname"]);
        Assert.EndsWith("[zoo@123 tiger=\"hungry \\] x\"]", (string?)entry["StructuredData"], StringComparison.Ordinal);
        Assert.Equal("structured", entry["Message"]);
        var timestamp = Assert.IsType<DateTimeOffset>(entry["Timestamp"]);
        Assert.InRange(timestamp, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
    }

    [Fact]
    public async Task Logger_OctetCount_IsParsed()
    {
        await LoggerCommand.RunAsync("-u", _endpoint.Path, "--octet-count", "-t", "oc", "counted");

        var entry = await HandleNextAsync();

        Assert.Equal("oc", entry["App"]);
        Assert.Equal("counted", entry["Message"]);
    }

    [Fact]
    public async Task Logger_MultiLineMessage_NewlineEscaped()
    {
        await LoggerCommand.RunAsync("-u", _endpoint.Path, "-p", "user.debug", "-t", "ml", "line1\nline2");

        var entry = await HandleNextAsync();

        Assert.Equal(LogLevel.Debug, entry.Level);
        Assert.Equal("line1\\nline2", entry["Message"]);
    }

    public void Dispose()
    {
        _endpoint.Dispose();
        _dir.Dispose();
    }

    private async Task<LogEntry> HandleNextAsync()
    {
        var context = await _endpoint.ReceiveAsync();
        using var handler = SyslogHandlerTests.Create(_logs);
        var handling = handler.HandleAsync(context, CancellationToken.None);
        Assert.True(handling.IsCompletedSuccessfully);
        return _logs.Single(2031);
    }
}
