namespace UnixDatagram.Hosting.Tests.App;

/// <summary>
/// Settings of the syslog-files handler that decide which messages reach which file, and who may change the files:
/// a typo or an unsafe value fails start with exit 78 naming the key, before any file is written.
/// </summary>
public sealed class SyslogFilesOptionsExecutableTests
{
    private const string Handler = "--Daemon:Handlers:syslog-files:";

    [Theory]
    [InlineData("Outputs:0:Selectr=mail.*", "Daemon:Handlers:syslog-files:Outputs:0:Selectr: unknown setting 'Selectr'; did you mean Selector?")]
    [InlineData("FileMode=0777", "Daemon:Handlers:syslog-files:FileMode: '0777' lets group or others write the log files")]
    [InlineData("FileMode=0750", "Daemon:Handlers:syslog-files:FileMode: '0750' makes the log files executable")]
    public async Task Run_SyslogFilesSettingUnsafe_Exits78NamingTheKey(string setting, string expected)
    {
        using var dir = new TempDirectory();
        var logs = Directory.CreateDirectory(dir.File("logs")).FullName;

        var (code, daemon) = await DaemonProcess.RunAsync(
            [
                "run", "--Daemon:SocketDirectory=" + dir.Path, "--Daemon:Endpoints:1:Handlers:0=syslog-files",
                Handler + "Directory=" + logs, Handler + "Outputs:0:File=x.log", Handler + setting,
            ],
            new Dictionary<string, string> { ["HOME"] = dir.Path });

        Assert.Equal(78, code);
        Assert.Contains(expected, daemon.StandardError, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(logs));
        Assert.Equal(["logs"], dir.Entries());
    }
}
