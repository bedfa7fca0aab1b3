using System.Text;
using Microsoft.Extensions.Logging;
using UnixDatagram.Transport;

namespace UnixDatagram.Handlers.Tests.Syslog;

public sealed class SyslogHandlerTests
{
    private readonly RecordingLoggerProvider _logs = new();

    [Theory]
    [InlineData(8, LogLevel.Critical)]
    [InlineData(9, LogLevel.Critical)]
    [InlineData(10, LogLevel.Critical)]
    [InlineData(11, LogLevel.Error)]
    [InlineData(12, LogLevel.Warning)]
    [InlineData(13, LogLevel.Information)]
    [InlineData(14, LogLevel.Information)]
    [InlineData(15, LogLevel.Debug)]
    public async Task HandleAsync_Severity_SetsLogLevel(int priority, LogLevel level)
    {
        using var dir = new TempDirectory();
        using var endpoint = new TestEndpoint(dir);
        var context = await endpoint.SendAndReceiveAsync(Encoding.ASCII.GetBytes($"<{priority}>Nov 24 15:20:36 app: x"));

        await CreateHandler().HandleAsync(context, CancellationToken.None);

        Assert.Equal(level, _logs.Single(2031).Level);
    }

    [Fact]
    public async Task HandleAsync_NoCredentials_LogsEveryFieldInTheState()
    {
        using var dir = new TempDirectory();
        using var endpoint = new TestEndpoint(dir, "sys", passCredentials: false);
        var context = await endpoint.SendAndReceiveAsync("<165>1 2003-10-11T22:14:15.003Z host evntslog 77 ID47 [ex@1 k=\"v\"] \uFEFFentry"u8.ToArray());

        await CreateHandler().HandleAsync(context, CancellationToken.None);

        var entry = _logs.Single(2030);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Equal("local4.notice evntslog[77] on sys: entry", entry.Message);
        Assert.Equal("host", entry["Hostname"]);
        Assert.Equal("ID47", entry["MessageId"]);
        Assert.Equal("[ex@1 k=\"v\"]", entry["StructuredData"]);
        Assert.Equal(new DateTimeOffset(2003, 10, 11, 22, 14, 15, 3, TimeSpan.Zero), entry["Timestamp"]);
        Assert.Equal(SyslogFormat.Rfc5424, entry["Format"]);
        Assert.Equal(false, entry["Truncated"]);
        Assert.Equal("(unnamed)", entry["Sender"]);
        Assert.DoesNotContain("Pid", entry.State.Keys);
    }

    [Fact]
    public async Task HandleAsync_ClaimedPidDiffersFromKernelPid_LogsBoth()
    {
        using var dir = new TempDirectory();
        using var endpoint = new TestEndpoint(dir, "sys");
        var context = await endpoint.SendAndReceiveAsync("<13>Nov 24 15:20:36 liar[1]: I am init"u8.ToArray());

        await CreateHandler().HandleAsync(context, CancellationToken.None);

        var entry = _logs.Single(2031);
        Assert.Equal("1", entry["ClaimedPid"]);
        Assert.Equal(Environment.ProcessId, entry["Pid"]);
        Assert.Equal($"user.notice liar[1] on sys from pid={Environment.ProcessId} uid={UnixProcess.UserId} gid={UnixProcess.GroupId}: I am init", entry.Message);
    }

    [Fact]
    public async Task HandleAsync_FieldsMissing_ShownAsNilValue()
    {
        using var dir = new TempDirectory();
        using var endpoint = new TestEndpoint(dir, "sys");
        var context = await endpoint.SendAndReceiveAsync("just text\n"u8.ToArray());

        await CreateHandler().HandleAsync(context, CancellationToken.None);

        var entry = _logs.Single(2031);
        Assert.Equal("user", entry["Facility"]);
        Assert.Equal("notice", entry["Severity"]);
        Assert.Equal("-", entry["App"]);
        Assert.Equal("-", entry["ClaimedPid"]);
        Assert.Equal("just text", entry["Message"]);
        Assert.Null(entry["Timestamp"]);
    }

    [Fact]
    public async Task HandleAsync_Malformed_LogsRawEscapedWithReasonAndCredentials()
    {
        using var dir = new TempDirectory();
        using var endpoint = new TestEndpoint(dir, "sys");
        var context = await endpoint.SendAndReceiveAsync((byte[])[.. "<999>bad\n"u8, 0xFF]);
        var handler = CreateHandler();

        var handling = handler.HandleAsync(context, CancellationToken.None);

        Assert.True(handling.IsCompletedSuccessfully);
        var entry = _logs.Single(2033);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Equal("sys", entry["Endpoint"]);
        Assert.Equal("<999>bad\\n\\xff", entry["Raw"]);
        Assert.Contains("PRI <999> is out of range", (string?)entry["Reason"], StringComparison.Ordinal);
        Assert.Equal(10, entry["Length"]);
        Assert.Equal(Environment.ProcessId, entry["Pid"]);
        Assert.Equal(UnixProcess.UserId, entry["Uid"]);
        Assert.DoesNotContain(_logs.Entries, e => e.EventId is 2030 or 2031);
    }

    [Fact]
    public async Task HandleAsync_MalformedWithoutCredentials_LogsRaw()
    {
        using var dir = new TempDirectory();
        using var endpoint = new TestEndpoint(dir, "sys", passCredentials: false);
        var context = await endpoint.SendAndReceiveAsync("<13>1 - - -"u8.ToArray());

        await CreateHandler().HandleAsync(context, CancellationToken.None);

        var entry = _logs.Single(2032);
        Assert.Equal("<13>1 - - -", entry["Raw"]);
        Assert.Contains("RFC 5424 header ends after APP-NAME", (string?)entry["Reason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_EmptyDatagram_IsLoggedNotDropped()
    {
        using var dir = new TempDirectory();
        using var endpoint = new TestEndpoint(dir, "sys");
        var context = await endpoint.SendAndReceiveAsync(Array.Empty<byte>());

        await CreateHandler().HandleAsync(context, CancellationToken.None);

        var entry = _logs.Single(2033);
        Assert.Equal(0, entry["Length"]);
        Assert.Equal("the datagram is empty", entry["Reason"]);
    }

    private SyslogHandler CreateHandler() => new(_logs.CreateLogger<SyslogHandler>());
}
