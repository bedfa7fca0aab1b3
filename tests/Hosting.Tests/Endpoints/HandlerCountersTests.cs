using System.Text;
using UnixDatagram.Handlers;

namespace UnixDatagram.Hosting.Tests.Endpoints;

/// <summary>
/// What a built-in handler writes raw or cuts is counted as well as marked or logged, in a counter tagged with the
/// handler (so <c>dgramd stats</c> and OpenTelemetry show it): datagrams from util-linux <c>logger</c> and python3, a
/// real host, counters read after it stopped.
/// </summary>
public sealed class HandlerCountersTests
{
    private const int Max = SyslogHandlerOptions.DefaultMaxMessageSize;

    /// <summary>An RFC 5424 message whose STRUCTURED-DATA, <c>[x@1 k="..."]</c>, is <see cref="Max"/> + 10 bytes and its MSG short.</summary>
    private static readonly string LongStructuredData = $"<13>1 - - app - - [x@1 k=\"{new string('s', Max)}\"] short";

    [Fact]
    public async Task SyslogFiles_MalformedFromLoggerAndPython_WrittenRawWarnedAndCounted()
    {
        await using var daemon = CreateSyslogFiles();
        using var malformed = new ObservedCounter(daemon, "unixdgram.syslog_files.malformed");
        await daemon.StartAsync();

        // logger checks APP-NAME's 48 bytes itself, not MSGID's 32; python3 sends a PRI over 191.
        await ExternalProcess.RunCheckedAsync("logger", "-u", daemon.Path("sys.sock"), "--rfc5424", "--msgid", new string('m', 40), "long msgid");
        await SendAsync(daemon, "<999>not syslog");
        await ExternalProcess.RunCheckedAsync("logger", "-u", daemon.Path("sys.sock"), "-t", "probe", "fine");
        var lines = await TextFile.WaitForLinesAsync(daemon.Path("logs/syslog"), 3, TestWait.Timeout);
        await daemon.StopAsync().Within();

        Assert.StartsWith("user.notice - <999>not syslog", lines[1], StringComparison.Ordinal);
        Assert.Equal("user.notice - fine", lines[2]);
        Assert.Contains("is 40 bytes long; RFC 5424 §6 allows at most 32", daemon.Log.Events(2042)[0].Message, StringComparison.Ordinal);
        Assert.Equal(3, daemon.Endpoint("sys").Handled);
        Assert.Equal(2L, malformed.Read());
    }

    [Fact]
    public async Task SyslogFiles_LongMessageLongMalformedAndLongStructuredDataFromPython_EachCutMarkedAndCounted()
    {
        await using var daemon = CreateSyslogFiles();
        using var cut = new ObservedCounter(daemon, "unixdgram.syslog_files.cut");
        using var malformed = new ObservedCounter(daemon, "unixdgram.syslog_files.malformed");
        await daemon.StartAsync();

        await SendAsync(daemon, "<13>app: " + new string('x', Max + 1));
        await SendAsync(daemon, "<999>" + new string('y', Max));
        await SendAsync(daemon, LongStructuredData);
        await SendAsync(daemon, "<13>app: " + new string('z', Max));
        var lines = await TextFile.WaitForLinesAsync(daemon.Path("logs/syslog"), 4, TestWait.Timeout);
        await daemon.StopAsync().Within();

        Assert.EndsWith($"[message cut at MaxMessageSize {Max} of its {Max + 1} bytes]", lines[0], StringComparison.Ordinal);
        Assert.EndsWith($"[message cut at MaxMessageSize {Max} of its {Max + 5} bytes]", lines[1], StringComparison.Ordinal);
        Assert.Contains($"[structured data cut at MaxMessageSize {Max} of its {Max + 10} bytes]", lines[2], StringComparison.Ordinal);
        Assert.EndsWith(new string('z', Max), lines[3], StringComparison.Ordinal);
        Assert.Equal(3L, cut.Read());
        Assert.Equal(1L, malformed.Read());
    }

    [Fact]
    public async Task Syslog_LongMessageFromLoggerLongMalformedAndLongStructuredDataFromPython_EachLoggedCutAndCounted()
    {
        await using var daemon = ListenerHost.Create(EndpointConfig.Endpoint("sys", "sys.sock", [BuiltInHandlerNames.Syslog]));
        using var cut = new ObservedCounter(daemon, "unixdgram.syslog.cut");
        await daemon.StartAsync();

        await ExternalProcess.RunCheckedAsync("logger", "-u", daemon.Path("sys.sock"), "--size", "20000", "-t", "probe", new string('x', Max + 100));
        await SendAsync(daemon, "<999>" + new string('y', Max));
        await SendAsync(daemon, LongStructuredData);
        await SendAsync(daemon, "<13>app: " + new string('z', Max));
        await daemon.Log.WaitForAsync(2035).Within();
        await daemon.Log.WaitForAsync(2033).Within();
        await daemon.Log.WaitForAsync(2031, 2).Within();
        await daemon.StopAsync().Within();

        Assert.Equal(Max + 100, daemon.Log.Events(2035)[0]["MessageLength"]);
        Assert.EndsWith($"[message cut at MaxMessageSize {Max} of its {Max + 5} bytes]", (string)daemon.Log.Events(2033)[0]["Raw"]!, StringComparison.Ordinal);
        Assert.EndsWith($"[structured data cut at MaxMessageSize {Max} of its {Max + 10} bytes]", (string)daemon.Log.Events(2031)[0]["StructuredData"]!, StringComparison.Ordinal);
        Assert.Equal(4, daemon.Endpoint("sys").Handled);
        Assert.Equal(3L, cut.Read());
    }

    [Fact]
    public async Task Log_PayloadOverMaxBytesFromPython_LoggedCutAndCounted()
    {
        var settings = EndpointConfig.Endpoint("in", "in.sock", [BuiltInHandlerNames.Log]);
        settings["Daemon:Handlers:log:MaxBytes"] = "16";
        await using var daemon = ListenerHost.Create(settings);
        using var cut = new ObservedCounter(daemon, "unixdgram.log.cut");
        await daemon.StartAsync();

        await SendAsync(daemon, "a payload longer than sixteen bytes", "in.sock");
        await SendAsync(daemon, "sixteen bytes ok", "in.sock");
        await daemon.Log.WaitForAsync(2003).Within();
        await daemon.Log.WaitForAsync(2001).Within();
        await daemon.StopAsync().Within();

        Assert.Single(daemon.Log.Events(2003));
        Assert.Equal(2, daemon.Endpoint("in").Handled);
        Assert.Equal(1L, cut.Read());
    }

    private static ListenerHost CreateSyslogFiles()
    {
        var settings = EndpointConfig.Endpoint("sys", "sys.sock", [BuiltInHandlerNames.SyslogFiles]);
        settings["Daemon:Handlers:syslog-files:Directory"] = "{dir}/logs";
        settings["Daemon:Handlers:syslog-files:Outputs:0:File"] = "syslog";
        settings["Daemon:Handlers:syslog-files:Template"] = "%syslogfacility-text%.%syslogseverity-text% %structured-data% %msg%";
        var daemon = ListenerHost.Create(settings);
        Directory.CreateDirectory(daemon.Path("logs"));
        return daemon;
    }

    private static async Task SendAsync(ListenerHost daemon, string text, string socket = "sys.sock")
    {
        var sent = await ExternalProcess.PythonAsync(PythonPeers.SendUnbound, daemon.Path(socket), Convert.ToHexString(Encoding.UTF8.GetBytes(text)), "1");
        Assert.True(sent.ExitCode == 0, sent.StandardError);
    }
}
