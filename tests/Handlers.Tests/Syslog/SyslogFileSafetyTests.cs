using System.Text;
using Microsoft.Extensions.Options;

namespace UnixDatagram.Handlers.Tests.Syslog;

/// <summary>
/// The syslog file writer on hostile ground: a log directory another user can write to, a symbolic link at a log
/// file's name (planted by another uid through <c>setpriv</c>, or left there at rotation), a FIFO or a device in a
/// file's place. Real files, real users; the daemon's side runs as root, which permissions do not stop.
/// </summary>
public sealed class SyslogFileSafetyTests : IDisposable
{
    private const string Name = "syslog-files";
    private const string Secret = "root's secret\n";
    private readonly RecordingLoggerProvider _logs = new();
    private readonly TempDirectory _dir = new TempDirectory().OpenToOthers();
    private readonly string _secret;

    public SyslogFileSafetyTests()
    {
        // The victim: root's file, 0600, in a 0700 directory.
        var victim = Directory.CreateDirectory(_dir.File("victim")).FullName;
        File.SetUnixFileMode(victim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _secret = Path.Join(victim, "secret");
        File.WriteAllText(_secret, Secret);
        File.SetUnixFileMode(_secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(ExternalProcess.Nobody, "0755", "is owned by another user")]
    [InlineData(0u, "0777", "is writable by group or others")]
    [InlineData(0u, "0775", "is writable by group or others")]
    public async Task Constructor_AnotherUserPlantedASymbolicLinkInTheLogDirectory_FailsNamingDirectoryOwnerAndFault(uint owner, string mode, string fault)
    {
        var logs = Directory.CreateDirectory(_dir.File("logs")).FullName;
        File.SetUnixFileMode(logs, (UnixFileMode)Convert.ToInt32(mode, 8));
        await ExternalProcess.RunCheckedAsync("chown", [$"{owner}:{ExternalProcess.Nobody}", logs]);
        await ExternalProcess.RunCheckedAsync("setpriv", [.. ExternalProcess.AsNobody, "ln", "-s", _secret, Path.Join(logs, "x.log")]);

        var error = Assert.Throws<OptionsValidationException>(() => Create(logs, "x.log"));

        Assert.Contains($"Daemon:Handlers:{Name}:Directory: '{logs}': ", error.Message, StringComparison.Ordinal);
        Assert.Contains($"the directory '{logs}' (owner uid {owner}, mode {mode}) {fault}", error.Message, StringComparison.Ordinal);
        Assert.Equal(Secret, await File.ReadAllTextAsync(_secret));
    }

    [Fact]
    public async Task Constructor_SymbolicLinkAtTheFileName_FailsNamingKeyPathAndOwner()
    {
        var logs = LogDirectory();
        File.CreateSymbolicLink(Path.Join(logs, "x.log"), _secret);

        var error = Assert.Throws<OptionsValidationException>(() => Create(logs, "x.log"));

        Assert.Contains($"Daemon:Handlers:{Name}:Outputs:0:File: '{logs}/x.log': '{logs}/x.log' (owner uid 0, mode 0777) is a symbolic link: a log file is never opened through a symbolic link", error.Message, StringComparison.Ordinal);
        Assert.Equal(Secret, await File.ReadAllTextAsync(_secret));
    }

    [Theory]
    [InlineData("fifo", "is a FIFO (named pipe): a log file must be a regular file")]
    [InlineData("/dev/full", "is a character device: a log file must be a regular file")]
    public async Task Constructor_FileIsNotARegularFile_FailsNamingKeyAndType(string file, string fault)
    {
        var logs = LogDirectory();
        if (file == "fifo")
        {
            await ExternalProcess.RunCheckedAsync("mkfifo", [Path.Join(logs, file)]);
        }

        var error = Assert.Throws<OptionsValidationException>(() => Create(logs, file));

        Assert.Contains($"Daemon:Handlers:{Name}:Outputs:0:File: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(fault, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_SymbolicLinkLeftAtTheNameAfterRotation_RefusedReportedAndTheTargetUntouched()
    {
        var logs = LogDirectory();
        var log = Path.Join(logs, "x.log");
        var options = Options(logs, "x.log");
        var monitor = new TestOptionsMonitor<SyslogFileHandlerOptions>(Name, options);
        using var handler = new SyslogFileHandler(Name, monitor, _logs.CreateLogger<SyslogFileHandler>());
        await HandleAsync(handler, "one");
        await SyslogFile.WaitForLinesAsync(log, 1);

        // Rotated, and a symbolic link to root's file left where the log was; then the postrotate reload reopens.
        File.Move(log, log + ".1");
        File.CreateSymbolicLink(log, _secret);
        monitor.Reload(Name, Options(logs, "x.log"));
        await HandleAsync(handler, "two");

        var report = (await _logs.WaitForAsync(2040).Within()).Message;
        Assert.Contains($"cannot open {log} (Daemon:Handlers:{Name}:Outputs:0:File): '{log}' (owner uid 0, mode 0777) is a symbolic link", report, StringComparison.Ordinal);
        Assert.Equal(Secret, await File.ReadAllTextAsync(_secret));
        Assert.Equal(1, handler.Lost);
    }

    [Fact]
    public async Task HandleAsync_FifoAndMissingDirectoryAfterStart_RefusedWithoutBlockingCountedAndTheOtherFilesGoOn()
    {
        var logs = LogDirectory();
        Directory.CreateDirectory(Path.Join(logs, "gone"));
        var handler = Create(logs, "fifo.log", "gone/x.log", "ok.log");

        // A FIFO without a reader: an open that follows it blocks until someone reads; a device or FIFO is no log.
        await ExternalProcess.RunCheckedAsync("mkfifo", [Path.Join(logs, "fifo.log")]);
        Directory.Delete(Path.Join(logs, "gone"));
        for (var i = 0; i < 3; i++)
        {
            await HandleAsync(handler, $"line {i}");
        }

        await Task.Run(handler.Dispose).Within();

        Assert.Equal(3, (await File.ReadAllLinesAsync(Path.Join(logs, "ok.log"))).Length);
        Assert.Equal(6, handler.Lost);
        Assert.Equal(3, handler.Written);
        var reports = string.Join("\n", _logs.Messages(2040));
        Assert.True(
            reports.Contains("is a FIFO (named pipe): a log file must be a regular file", StringComparison.Ordinal)
            || reports.Contains($"the directory '{logs}/gone' does not exist", StringComparison.Ordinal),
            reports);
    }

    [Fact]
    public async Task HandleAsync_FileCreated_ModeFromOptionsAndAppendedAfterWhatWasThere()
    {
        var logs = LogDirectory();
        var log = Path.Join(logs, "x.log");
        await File.WriteAllTextAsync(log, "before\n");
        using (var handler = Create(logs, "x.log", "new.log"))
        {
            await HandleAsync(handler, "after");
        }

        var lines = await File.ReadAllLinesAsync(log);
        Assert.Equal("before", lines[0]);
        Assert.EndsWith("app: after", lines[1], StringComparison.Ordinal);
        // FileMode's default, 0640, less the umask: never more than that.
        var created = File.GetUnixFileMode(Path.Join(logs, "new.log"));
        Assert.Equal((UnixFileMode)0, created & ~(UnixFileMode)Convert.ToInt32("0640", 8));
        Assert.True(created.HasFlag(UnixFileMode.UserWrite), created.ToString());
    }

    /// <summary>A log directory as an operator makes one: root's, 0755.</summary>
    private string LogDirectory()
    {
        var logs = Directory.CreateDirectory(_dir.File("logs")).FullName;
        File.SetUnixFileMode(logs, (UnixFileMode)Convert.ToInt32("0755", 8));
        return logs;
    }

    private static SyslogFileHandlerOptions Options(string directory, params string[] files)
    {
        var options = new SyslogFileHandlerOptions { Directory = directory };
        foreach (var file in files)
        {
            options.Outputs.Add(new SyslogFileOutputOptions { File = file });
        }

        return options;
    }

    private SyslogFileHandler Create(string directory, params string[] files) =>
        new(Name, new TestOptionsMonitor<SyslogFileHandlerOptions>(Name, Options(directory, files)), _logs.CreateLogger<SyslogFileHandler>());

    private static ValueTask HandleAsync(SyslogFileHandler handler, string text) =>
        handler.HandleAsync(new DatagramContext("e", Encoding.ASCII.GetBytes("<14>Nov 30 10:00:00 app: " + text)), CancellationToken.None);
}
