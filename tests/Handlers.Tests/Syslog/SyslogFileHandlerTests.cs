using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace UnixDatagram.Handlers.Tests.Syslog;

/// <summary>The file writer of the syslog role: real files, real sockets, and util-linux <c>logger</c> as the sender.</summary>
public sealed partial class SyslogFileHandlerTests : IDisposable
{
    private const string Name = "syslog-files";
    private readonly RecordingLoggerProvider _logs = new();
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task HandleAsync_LoggerMessage_TraditionalFileFormatLine()
    {
        using var endpoint = new TestEndpoint(_dir);
        using var handler = Create(Output("syslog", "*.*"));

        var pid = await LoggerCommand.RunAsync("-u", endpoint.Path, "-t", "probe", "--id=4242", "-p", "user.warning", "hello from logger");
        await handler.HandleAsync(await endpoint.ReceiveAsync(), CancellationToken.None);
        var lines = await SyslogFile.WaitForLinesAsync(_dir.File("syslog"), 1);

        // RSYSLOG_TraditionalFileFormat: "%TIMESTAMP% %HOSTNAME% %syslogtag%%msg:::sp-if-no-1st-sp%%msg:::drop-last-lf%\n".
        var host = Environment.MachineName.Split('.')[0];
        Assert.Matches(TraditionalLine(), lines[0]);
        Assert.EndsWith($" {host} probe[4242]: hello from logger", lines[0], StringComparison.Ordinal);
        Assert.NotEqual(0, pid);
    }

    [Fact]
    public async Task HandleAsync_Template_CarriesKernelCredentialsSeverityAndEndpoint()
    {
        using var endpoint = new TestEndpoint(_dir, "sys");
        var options = Options(Output("syslog", "*.*"));
        options.Template = "%pri-text% pid=%pid% uid=%uid% gid=%gid% on %endpoint%: %syslogtag%%msg:::sp-if-no-1st-sp%%msg%";
        using var handler = Create(options);

        var pid = await LoggerCommand.RunAsync("-u", endpoint.Path, "-t", "probe", "-p", "local3.err", "with credentials");
        await handler.HandleAsync(await endpoint.ReceiveAsync(), CancellationToken.None);

        var line = Assert.Single(await SyslogFile.WaitForLinesAsync(_dir.File("syslog"), 1));
        Assert.Equal($"local3.err pid={pid} uid={Transport.UnixProcess.UserId} gid={Transport.UnixProcess.GroupId} on sys: probe: with credentials", line);
    }

    [Fact]
    public async Task HandleAsync_Selectors_EachFileGetsWhatItsSelectorSelects()
    {
        using var endpoint = new TestEndpoint(_dir);
        var handler = Create(
            Output("mail.log", "mail.*"),
            Output("error.log", "*.err"),
            Output("info.log", "*.info;mail.none"),
            Output("syslog", "*.*;auth,authpriv.none"),
            Output("auth.log", "auth,authpriv.*"),
            Output("only-notice.log", "*.=notice"),
            Output("below-err.log", "*.*;*.!err"));
        string[] sent = ["mail.info", "user.err", "user.debug", "mail.err", "authpriv.notice", "local7.crit"];
        foreach (var priority in sent)
        {
            await LoggerCommand.RunAsync("-u", endpoint.Path, "-t", "app", "-p", priority, "m-" + priority);
            await handler.HandleAsync(await endpoint.ReceiveAsync(), CancellationToken.None);
        }

        handler.Dispose();

        Assert.Equal(["m-mail.info", "m-mail.err"], Messages("mail.log"));
        Assert.Equal(["m-user.err", "m-mail.err", "m-local7.crit"], Messages("error.log"));
        Assert.Equal(["m-user.err", "m-authpriv.notice", "m-local7.crit"], Messages("info.log"));
        Assert.Equal(["m-mail.info", "m-user.err", "m-user.debug", "m-mail.err", "m-local7.crit"], Messages("syslog"));
        Assert.Equal(["m-authpriv.notice"], Messages("auth.log"));
        Assert.Equal(["m-authpriv.notice"], Messages("only-notice.log"));
        Assert.Equal(["m-mail.info", "m-user.debug", "m-authpriv.notice"], Messages("below-err.log"));
    }

    [Fact]
    public async Task HandleAsync_ControlCharactersInMessage_OneEscapedLine()
    {
        using var endpoint = new TestEndpoint(_dir);
        using var handler = Create(Output("syslog", "*.*"));

        var context = await endpoint.SendAndReceiveAsync("<13>Nov 30 10:00:00 app: first\nNov 30 10:00:01 host forged: line\u001b[31m\r"u8.ToArray());
        await handler.HandleAsync(context, CancellationToken.None);

        var line = Assert.Single(await SyslogFile.WaitForLinesAsync(_dir.File("syslog"), 1));
        Assert.EndsWith(" app: first\\nNov 30 10:00:01 host forged: line\\x1b[31m", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_NotSyslog_WrittenRawAsUserNoticeAndWarned()
    {
        using var endpoint = new TestEndpoint(_dir);
        var options = Options(Output("syslog", "user.=notice"));
        options.Template = "%pri-text% %msg%";
        using var handler = Create(options);

        await handler.HandleAsync(await endpoint.SendAndReceiveAsync("<999>broken\u0007"u8.ToArray()), CancellationToken.None);

        Assert.Equal("user.notice <999>broken\\x07", Assert.Single(await SyslogFile.WaitForLinesAsync(_dir.File("syslog"), 1)));
        Assert.Contains("out of range", _logs.Single(2042).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_AfterRename_NextLinesGoToANewFileAndNoneIsLost()
    {
        using var endpoint = new TestEndpoint(_dir);
        var monitor = new TestOptionsMonitor<SyslogFileHandlerOptions>(Name, Options(Output("syslog", "*.*")));
        using var handler = new SyslogFileHandler(Name, monitor, _logs.CreateLogger<SyslogFileHandler>());
        var path = _dir.File("syslog");

        await SendAsync(handler, endpoint, "one");
        await SyslogFile.WaitForLinesAsync(path, 1);

        // logrotate: rename, then the postrotate HUP (a reload hands the handler its options again).
        File.Move(path, path + ".1");
        await SendAsync(handler, endpoint, "two");
        await SyslogFile.WaitForLinesAsync(path + ".1", 2);
        monitor.Reload(Name, Options(Output("syslog", "*.*")));
        await SendAsync(handler, endpoint, "three");

        Assert.EndsWith("three", Assert.Single(await SyslogFile.WaitForLinesAsync(path, 1)), StringComparison.Ordinal);
        var rotated = await File.ReadAllLinesAsync(path + ".1");
        Assert.Equal(2, rotated.Length);
        Assert.EndsWith("one", rotated[0], StringComparison.Ordinal);
        Assert.EndsWith("two", rotated[1], StringComparison.Ordinal);
        Assert.Single(_logs.Entries, e => e.EventId == 2041);
    }

    [Fact]
    public async Task Dispose_ManyLinesQueued_AllWrittenBeforeItReturns()
    {
        const int count = 5000;
        var options = Options(Output("syslog", "*.*"));
        options.QueueCapacity = count;
        var handler = Create(options);

        for (var i = 0; i < count; i++)
        {
            var context = new DatagramContext("e", Encoding.ASCII.GetBytes($"<14>app: line {i}"));
            await handler.HandleAsync(context, CancellationToken.None);
        }

        handler.Dispose();

        var lines = await File.ReadAllLinesAsync(_dir.File("syslog"));
        Assert.Equal(count, lines.Length);
        Assert.EndsWith($"line {count - 1}", lines[^1], StringComparison.Ordinal);
        Assert.Equal(count, handler.Written);
    }

    [Theory]
    [InlineData("Outputs:0:Selector", "mial.*", null, "'mial' is not a facility")]
    [InlineData("Outputs:0:Selector", "*.loud", null, "'loud' is not a severity")]
    [InlineData("Template", "*.*", "%TIMESTAMP% %nosuch%", "'nosuch' is not a property")]
    [InlineData("Template", "*.*", "%msg", "is not closed")]
    public void Constructor_InvalidOptions_FailsNamingTheKey(string key, string selector, string? template, string reason)
    {
        var options = Options(Output("syslog", selector));
        if (template is not null)
        {
            options.Template = template;
        }

        var error = Assert.Throws<OptionsValidationException>(() => Create(options));

        Assert.Contains($"Daemon:Handlers:{Name}:{key}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Whoever may write a log file can forge or erase its lines; a log file is never a program.</summary>
    [Theory]
    [InlineData("0777", "lets group or others write")]
    [InlineData("0660", "lets group or others write")]
    [InlineData("0642", "lets group or others write")]
    [InlineData("0740", "makes the log files executable")]
    [InlineData("0641", "makes the log files executable")]
    [InlineData("4640", "sets setuid, setgid or sticky bits")]
    [InlineData("0440", "does not let the daemon's own user write")]
    public void Constructor_FileModeOthersMayWriteOrExecute_FailsNamingTheKey(string mode, string reason)
    {
        var options = Options(Output("syslog", "*.*"));
        options.FileMode = mode;

        var error = Assert.Throws<OptionsValidationException>(() => Create(options));

        Assert.Contains($"Daemon:Handlers:{Name}:FileMode: '{mode}' {reason}", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("syslog")));
    }

    [Theory]
    [InlineData("0600")]
    [InlineData("0644")]
    public async Task HandleAsync_FileModeOwnerWritesOthersRead_CreatesTheFileWithIt(string mode)
    {
        var options = Options(Output("syslog", "*.*"));
        options.FileMode = mode;
        using var endpoint = new TestEndpoint(_dir);
        using (var handler = Create(options))
        {
            await SendAsync(handler, endpoint, "kept");
        }

        Assert.Equal(["kept"], Messages("syslog"));
        Assert.Equal((UnixFileMode)0, File.GetUnixFileMode(_dir.File("syslog")) & ~(UnixFileMode)Convert.ToInt32(mode, 8));
    }

    [Fact]
    public async Task HandleAsync_KernFacilityFromNonRoot_WrittenAsUserNotToTheKernelsFile()
    {
        _dir.OpenToOthers();
        using var endpoint = new TestEndpoint(_dir);
        File.SetUnixFileMode(endpoint.Path, (UnixFileMode)0b110_110_110);
        var handler = Create(Output("kern.log", "kern.*"), Output("user.log", "user.*"));

        await handler.HandleAsync(await endpoint.SendAndReceiveAsync("<3>app: from-root"u8.ToArray()), CancellationToken.None);
        var sending = ExternalProcess.PythonAsNobodyAsync(
            "import socket, sys; socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b'<3>app: from-nobody', sys.argv[1])", endpoint.Path);
        await handler.HandleAsync(await endpoint.ReceiveAsync(), CancellationToken.None);
        (await sending.WaitAsync(TestWait.Timeout)).EnsureSuccess();
        handler.Dispose();

        Assert.Equal(["from-root"], Messages("kern.log"));
        Assert.Equal(["from-nobody"], Messages("user.log"));
    }

    [Fact]
    public void Constructor_RelativeFileWithoutDirectory_FailsNamingTheKey()
    {
        var options = new SyslogFileHandlerOptions();
        options.Outputs.Add(Output("syslog", "*.*"));
        var error = Assert.Throws<OptionsValidationException>(() => new SyslogFileHandler(Name, new TestOptionsMonitor<SyslogFileHandlerOptions>(Name, options), _logs.CreateLogger<SyslogFileHandler>()));

        Assert.Contains($"Daemon:Handlers:{Name}:Outputs:0:File: 'syslog' is relative", error.Message, StringComparison.Ordinal);
    }

    private static SyslogFileOutputOptions Output(string file, string selector) => new() { File = file, Selector = selector };

    private SyslogFileHandlerOptions Options(params SyslogFileOutputOptions[] outputs)
    {
        var options = new SyslogFileHandlerOptions { Directory = _dir.Path };
        foreach (var output in outputs)
        {
            options.Outputs.Add(output);
        }

        return options;
    }

    private SyslogFileHandler Create(params SyslogFileOutputOptions[] outputs) => Create(Options(outputs));

    private SyslogFileHandler Create(SyslogFileHandlerOptions options) =>
        new(Name, new TestOptionsMonitor<SyslogFileHandlerOptions>(Name, options), _logs.CreateLogger<SyslogFileHandler>());

    private static async Task SendAsync(SyslogFileHandler handler, TestEndpoint endpoint, string text) =>
        await handler.HandleAsync(await endpoint.SendAndReceiveAsync(Encoding.ASCII.GetBytes("<14>Nov 30 10:00:00 app: " + text)), CancellationToken.None);

    private string[] Messages(string file) =>
        File.Exists(_dir.File(file)) ? [.. File.ReadAllLines(_dir.File(file)).Select(l => l[(l.IndexOf("app: ", StringComparison.Ordinal) + 5)..])] : [];

    [GeneratedRegex(@"^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ probe\[4242\]: hello from logger$")]
    private static partial Regex TraditionalLine();
}
