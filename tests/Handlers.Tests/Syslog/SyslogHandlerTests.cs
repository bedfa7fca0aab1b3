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

    [Fact]
    public async Task HandleAsync_MessageOverMaxMessageSize_LogsItCutWithItsWholeLength()
    {
        using var dir = new TempDirectory();
        using var endpoint = new TestEndpoint(dir, "sys");
        byte[] body = [.. Enumerable.Repeat((byte)0xFF, 9000)];
        var context = await endpoint.SendAndReceiveAsync((byte[])[.. "<13>big: "u8, .. body]);

        using var handler = Create(_logs);
        await handler.HandleAsync(context, CancellationToken.None);

        var entry = _logs.Single(2035);
        Assert.Empty(_logs.Events(2031));
        Assert.Equal(string.Concat(Enumerable.Repeat("\\xff", SyslogHandlerOptions.DefaultMaxMessageSize)), entry["Message"]);
        Assert.Equal(9000, entry["MessageLength"]);
        Assert.Equal(SyslogHandlerOptions.DefaultMaxMessageSize, entry["MaxMessageSize"]);
        Assert.EndsWith("[message cut at MaxMessageSize 8192 of its 9000 bytes]", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_MessageAtMaxMessageSize_LoggedWhole()
    {
        using var dir = new TempDirectory();
        using var endpoint = new TestEndpoint(dir, "sys", passCredentials: false);
        var text = new string('a', 600);
        var atLimit = await endpoint.SendAndReceiveAsync(Encoding.ASCII.GetBytes("<13>app: " + text));
        using var handler = Create(_logs, new SyslogHandlerOptions { MaxMessageSize = 600 });

        await handler.HandleAsync(atLimit, CancellationToken.None);
        var over = await endpoint.SendAndReceiveAsync(Encoding.UTF8.GetBytes("<13>app: " + text[..599] + "é"));
        await handler.HandleAsync(over, CancellationToken.None);

        Assert.Equal(text, _logs.Single(2030)["Message"]);
        var cut = _logs.Single(2034);
        Assert.Equal(text[..599], cut["Message"]);
        Assert.Equal(601, cut["MessageLength"]);
    }

    [Fact]
    public async Task HandleAsync_MalformedDatagramOverMaxMessageSize_RawTextCut()
    {
        using var dir = new TempDirectory();
        using var endpoint = new TestEndpoint(dir, "sys");
        var context = await endpoint.SendAndReceiveAsync(Encoding.ASCII.GetBytes("<999>" + new string('z', 5000)));
        using var handler = Create(_logs, new SyslogHandlerOptions { MaxMessageSize = 1000 });

        await handler.HandleAsync(context, CancellationToken.None);

        var entry = _logs.Single(2033);
        Assert.Equal(5005, entry["Length"]);
        Assert.Equal("<999>" + new string('z', 995) + " [message cut at MaxMessageSize 1000 of its 5005 bytes]", entry["Raw"]);
    }

    [Fact]
    public async Task HandleAsync_StructuredDataOverMaxMessageSize_LoggedCutWithItsLength()
    {
        using var dir = new TempDirectory();
        using var endpoint = new TestEndpoint(dir, "sys");
        var value = new string('v', 1000);
        var context = await endpoint.SendAndReceiveAsync(Encoding.ASCII.GetBytes($"<13>1 - h app - - [id k=\"{value}\"] text"));
        using var handler = Create(_logs, new SyslogHandlerOptions { MaxMessageSize = 480 });

        await handler.HandleAsync(context, CancellationToken.None);

        var entry = _logs.Single(2031);
        Assert.Equal($"[id k=\"{value[..473]} [structured data cut at MaxMessageSize 480 of its 1009 bytes]", entry["StructuredData"]);
        Assert.Equal("text", entry["Message"]);
    }

    [Fact]
    public async Task HandleAsync_LoggerMsgIdOver32_LoggedMalformedWithTheReason()
    {
        using var dir = new TempDirectory();
        using var endpoint = new TestEndpoint(dir, "sys");
        using var handler = Create(_logs);

        await LoggerCommand.RunAsync("-u", endpoint.Path, "--rfc5424", "--msgid", new string('m', 33), "hello");
        await handler.HandleAsync(await endpoint.ReceiveAsync(), CancellationToken.None);

        var entry = _logs.Single(2033);
        Assert.Contains("MSGID 'mmm", (string)entry["Reason"]!, StringComparison.Ordinal);
        Assert.EndsWith("is 33 bytes long; RFC 5424 §6 allows at most 32", (string)entry["Reason"]!, StringComparison.Ordinal);
        Assert.EndsWith("] hello", (string)entry["Raw"]!, StringComparison.Ordinal);
        Assert.Equal(1, handler.Malformed);
    }

    [Fact]
    public void Create_MaxMessageSizeBelow480_ThrowsNamingTheKey()
    {
        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => Create(_logs, new SyslogHandlerOptions { MaxMessageSize = 100 }));

        Assert.Contains("Daemon:Handlers:syslog:MaxMessageSize: 100", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Escaped, a longer MSG could pass journald's LineMax=, which would make its rest a record of its own that the sender began.</summary>
    [Fact]
    public void Create_MaxMessageSizeAbove10240_ThrowsNamingTheKeyAndTheJournalLine()
    {
        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => Create(_logs, new SyslogHandlerOptions { MaxMessageSize = 65536 }));

        Assert.Contains("Daemon:Handlers:syslog:MaxMessageSize: 65536 is above 10240", ex.Message, StringComparison.Ordinal);
        Assert.Contains("LineMax=", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_ManyMalformedDatagramsInABurst_EachLoggedWholeAndCounted()
    {
        using var dir = new TempDirectory();
        using var endpoint = new TestEndpoint(dir, "sys");
        using var handler = Create(_logs, time: new TestClock());

        for (var i = 0; i < 100; i++)
        {
            await handler.HandleAsync(await endpoint.SendAndReceiveAsync(Encoding.ASCII.GetBytes($"<>bad {i}")), CancellationToken.None);
        }

        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"<>bad {i}"), _logs.Events(2033).Select(e => e["Raw"]));
        Assert.Equal(100, handler.Malformed);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task HandleAsync_KernFacilityFromUnprivilegedOrUnknownSender_LoggedAsUser(bool passCredentials)
    {
        using var dir = new TempDirectory().OpenToOthers();
        using var endpoint = new TestEndpoint(dir, "sys", passCredentials);
        File.SetUnixFileMode(endpoint.Path, (UnixFileMode)0b110_110_110);
        using var handler = Create(_logs);

        await ExternalProcess.PythonAsNobodyAsync(
            "import socket, sys; s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.sendto(b'<3>kernel: forged oops', sys.argv[1])",
            endpoint.Path).WaitAsync(TestWait.Timeout);
        await handler.HandleAsync(await endpoint.ReceiveAsync(), CancellationToken.None);

        var entry = _logs.Entries.Single(e => e.EventId is 2030 or 2031);
        Assert.StartsWith("user.err kernel[-] on sys", entry.Message, StringComparison.Ordinal);
        Assert.Equal(passCredentials ? 2031 : 2030, entry.EventId);
        if (passCredentials)
        {
            Assert.Equal(ExternalProcess.Nobody, entry["Uid"]);
        }
    }

    [Fact]
    public async Task HandleAsync_KernFacilityFromRoot_StaysKern()
    {
        using var dir = new TempDirectory();
        using var endpoint = new TestEndpoint(dir, "sys");
        using var handler = Create(_logs);

        await handler.HandleAsync(await endpoint.SendAndReceiveAsync("<3>kernel: oops"u8.ToArray()), CancellationToken.None);

        var entry = _logs.Single(2031);
        Assert.Equal(0u, entry["Uid"]);
        Assert.StartsWith("kern.err kernel[-]", entry.Message, StringComparison.Ordinal);
    }

    /// <summary>A syslog handler registered as <c>syslog</c> with <paramref name="options"/> (the defaults when null).</summary>
    internal static SyslogHandler Create(RecordingLoggerProvider logs, SyslogHandlerOptions? options = null, TimeProvider? time = null) =>
        new(BuiltInHandlerNames.Syslog, new TestOptionsMonitor<SyslogHandlerOptions>(BuiltInHandlerNames.Syslog, options ?? new SyslogHandlerOptions()), logs.CreateLogger<SyslogHandler>(), time);

    private SyslogHandler CreateHandler() => Create(_logs);
}
