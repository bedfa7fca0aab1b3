using System.Text;
using Microsoft.Extensions.Options;

namespace UnixDatagram.Handlers.Tests.Syslog;

/// <summary>
/// What a sender writes cannot make a line grow without bound: MSG and STRUCTURED-DATA are cut at MaxMessageSize with a
/// marker, header fields have their RFC 5424 lengths. Datagrams from python3 and util-linux <c>logger</c>, real files.
/// </summary>
public sealed class SyslogFileBoundsTests : IDisposable
{
    private const string Name = "syslog-files";
    private const int Max = SyslogHandlerOptions.DefaultMaxMessageSize;

    // Escaped, a byte takes at most 4 characters (\xff): MSG and STRUCTURED-DATA each with a marker, the header fields
    // at their RFC 5424 lengths (HOSTNAME 255, APP-NAME 48, PROCID 128, MSGID 32), and the template's own text.
    private const int LineBound = (2 * ((4 * Max) + 80)) + (4 * (255 + 48 + 128 + 32)) + 100;

    private readonly RecordingLoggerProvider _logs = new();
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("", 65536, "")]
    [InlineData("<13>app: ", 65527, "")]
    [InlineData("<999>", 65536, "<999>")]
    public async Task HandleAsync_64KiBOfByteFFFromPython_LineCutAtMaxMessageSizeWithTheMarker(string header, int length, string shownHeader)
    {
        using var endpoint = new TestEndpoint(_dir);
        var options = Options();
        options.Template = "%msg%";
        using var handler = Create(options);

        var context = await SendWithPythonAsync(endpoint, $"b'{header}' + b'\\xff' * {65536 - header.Length}");
        await handler.HandleAsync(context, CancellationToken.None);

        // 8192 bytes shown as \xff each, then the marker, rather than a line of 256 KiB.
        var shown = shownHeader + string.Concat(Enumerable.Repeat("\\xff", Max - shownHeader.Length));
        var line = Assert.Single(await SyslogFile.WaitForLinesAsync(_dir.File("syslog"), 1));
        Assert.Equal($"{shown} [message cut at MaxMessageSize {Max} of its {length} bytes]", line);
    }

    [Fact]
    public async Task HandleAsync_MaxMessageSizeSet_LongMessageCutThereWithItsLength()
    {
        using var endpoint = new TestEndpoint(_dir);
        var options = Options();
        options.MaxMessageSize = 480;
        using var handler = Create(options);

        var pid = await LoggerCommand.RunAsync("-u", endpoint.Path, "-t", "app", "--id=7", new string('m', 1000));
        await handler.HandleAsync(await endpoint.ReceiveAsync(), CancellationToken.None);

        var line = Assert.Single(await SyslogFile.WaitForLinesAsync(_dir.File("syslog"), 1));
        Assert.EndsWith(" app[7]: " + new string('m', 480) + " [message cut at MaxMessageSize 480 of its 1000 bytes]", line, StringComparison.Ordinal);
        Assert.NotEqual(0, pid);
    }

    [Fact]
    public void Constructor_MaxMessageSizeBelow480_FailsNamingTheKey()
    {
        var options = Options();
        options.MaxMessageSize = 100;

        var error = Assert.Throws<OptionsValidationException>(() => Create(options));

        Assert.Contains($"Daemon:Handlers:{Name}:MaxMessageSize: 100 is below 480", error.Message, StringComparison.Ordinal);
    }

    /// <summary>60000 bytes of 0xff in each header field, as python3 sends them; each line stays within the bound.</summary>
    [Theory]
    [InlineData("b'<13>1 - h ' + b'\\xff' * 60000 + b' - - - x'", "APP-NAME")]
    [InlineData("b'<13>1 - ' + b'\\xff' * 60000 + b' a - - - x'", "HOSTNAME")]
    [InlineData("b'<13>1 - h a ' + b'\\xff' * 60000 + b' - - x'", "PROCID")]
    [InlineData("b'<13>1 - h a - ' + b'\\xff' * 60000 + b' - x'", "MSGID")]
    [InlineData("b'<13>1 - h a - - [' + b'x' * 60000 + b'] x'", "SD-ID")]
    [InlineData("b'<13>1 - h a - - [id k=\"' + b'\\xff' * 60000 + b'\"] ' + b'\\xff' * 4000", null)]
    [InlineData("b'<13>' + b'\\xff' * 60000 + b'[1]: x'", null)]
    [InlineData("b'<13>app[' + b'\\xff' * 60000 + b']: x'", null)]
    [InlineData("b'<13>Nov 24 15:20:36 ' + b'\\xff' * 60000 + b' app: x'", null)]
    public async Task HandleAsync_HugeHeaderFieldFromPython_LineStaysBounded(string payload, string? malformedField)
    {
        using var endpoint = new TestEndpoint(_dir);
        var options = Options();
        options.Template = "%pri-text% %HOSTNAME% %syslogtag% %msgid% %structured-data% %msg%";
        using var handler = Create(options);

        await handler.HandleAsync(await SendWithPythonAsync(endpoint, payload), CancellationToken.None);

        var line = Assert.Single(await SyslogFile.WaitForLinesAsync(_dir.File("syslog"), 1));
        Assert.True(line.Length <= LineBound, $"{line.Length} characters: {line[..200]}");
        Assert.Contains($"cut at MaxMessageSize {Max} of its ", line, StringComparison.Ordinal);
        if (malformedField is not null)
        {
            Assert.StartsWith("user.notice ", line, StringComparison.Ordinal);
            Assert.Contains($"the RFC 5424 {malformedField} '", _logs.Single(2042).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task HandleAsync_LoggerMsgIdOver32_WrittenRawAsUserNoticeAndWarned()
    {
        // logger checks APP-NAME's 48 itself, not MSGID's 32.
        var line = await LineFromLoggerAsync("%pri-text% %msg%", "--rfc5424", "-p", "auth.err", "--msgid", new string('m', 40), "hello");

        Assert.StartsWith("user.notice <35>1 ", line, StringComparison.Ordinal);
        Assert.Contains($" root - {new string('m', 40)} [timeQuality ", line, StringComparison.Ordinal);
        Assert.EndsWith("] hello", line, StringComparison.Ordinal);
        Assert.Contains("is 40 bytes long; RFC 5424 §6 allows at most 32", _logs.Single(2042).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_LoggerTagOver48_KeptWholeInTheMessage()
    {
        var tag = new string('t', 49);

        Assert.Equal($"|{tag}: hello", await LineFromLoggerAsync("%syslogtag%|%msg%", "-t", tag, "hello"));
    }

    /// <summary>Sends with <c>logger -u SOCKET ARGS</c>, and returns the one line a handler with <paramref name="template"/> wrote.</summary>
    private async Task<string> LineFromLoggerAsync(string template, params string[] arguments)
    {
        using var endpoint = new TestEndpoint(_dir);
        var options = Options();
        options.Template = template;
        using var handler = Create(options);

        await LoggerCommand.RunAsync(["-u", endpoint.Path, .. arguments]);
        await handler.HandleAsync(await endpoint.ReceiveAsync(), CancellationToken.None);

        return Assert.Single(await SyslogFile.WaitForLinesAsync(_dir.File("syslog"), 1));
    }

    /// <summary>Sends the bytes of the python expression <paramref name="payload"/> with python3, then receives them.</summary>
    private static async Task<DatagramContext> SendWithPythonAsync(TestEndpoint endpoint, string payload)
    {
        (await ExternalProcess.PythonAsync(
            $"import socket, sys; socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto({payload}, sys.argv[1])", endpoint.Path)).EnsureSuccess();
        return await endpoint.ReceiveAsync();
    }

    private SyslogFileHandlerOptions Options()
    {
        var options = new SyslogFileHandlerOptions { Directory = _dir.Path };
        options.Outputs.Add(new SyslogFileOutputOptions { File = "syslog", Selector = "*.*" });
        return options;
    }

    private SyslogFileHandler Create(SyslogFileHandlerOptions options) =>
        new(Name, new TestOptionsMonitor<SyslogFileHandlerOptions>(Name, options), _logs.CreateLogger<SyslogFileHandler>());
}
