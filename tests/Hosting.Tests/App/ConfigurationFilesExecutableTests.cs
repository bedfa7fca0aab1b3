using System.Text.Json;

namespace UnixDatagram.Hosting.Tests.App;

/// <summary>
/// The shipped executable's configuration files (appsettings.json next to the binary, then
/// <c>$CONFIGURATION_DIRECTORY/appsettings.json</c>): a list in the later file replaces the earlier list as a whole, and
/// a file that is not JSON is one line naming the file, the line and the position, with exit code 78 (EX_CONFIG).
/// </summary>
public sealed class ConfigurationFilesExecutableTests
{
    private const int ConfigurationError = 78;

    [Fact]
    public async Task Run_OperatorFileListsEndpoints_ReplacesTheBinaryListAsAWhole()
    {
        using var sockets = new TempDirectory();
        using var etc = new TempDirectory();
        await WriteAsync(etc, $$$"""
            {"Daemon":{"SocketDirectory":"{{{sockets.Path}}}","Endpoints":[
              {"Name":"orders","Path":"orders.sock","Handlers":["log"]},
              {"Name":"billing","Path":"billing.sock","Handlers":["echo"]}]}}
            """);
        await using var daemon = DaemonProcess.Start(["run"], Environment(etc));
        await daemon.WaitForLineAsync("Application started");

        // The binary's file has syslog (Mode 0666) at index 1 and ingest at index 0: neither may leak into this list.
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, File.GetUnixFileMode(sockets.File("billing.sock")));
        Assert.True(File.Exists(sockets.File("orders.sock")));
        Assert.False(File.Exists(sockets.File("syslog.sock")), "the binary's syslog endpoint was merged into the operator's list");
        Assert.False(File.Exists(sockets.File("ingest.sock")), "the binary's ingest endpoint was merged into the operator's list");
        var marker = Guid.NewGuid().ToString("N");
        await ExternalProcess.RunCheckedAsync("logger", "-u", sockets.File("orders.sock"), "orders " + marker);
        Assert.Contains("Datagram on orders", await daemon.WaitForLineAsync("orders " + marker), StringComparison.Ordinal);

        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
    }

    [Theory]
    [InlineData("""{"Name":"orders","Path":"orders.sock","Handlers":[]}""", "Daemon:Endpoints:0:Handlers: endpoint 'orders' lists no handlers")]
    [InlineData("""{"Name":"orders","Handlers":["log"]}""", "Daemon:Endpoints:0:Path: endpoint 'orders' needs a Path")]
    public async Task Run_OperatorEntryLacksWhatTheBinaryEntryHas_RefusedNamingTheKey(string entry, string expected)
    {
        using var sockets = new TempDirectory();
        using var etc = new TempDirectory();
        await WriteAsync(etc, $$$"""{"Daemon":{"SocketDirectory":"{{{sockets.Path}}}","Endpoints":[{{{entry}}}]}}""");

        var (code, daemon) = await DaemonProcess.RunAsync(["run"], Environment(etc));

        Assert.Equal(ConfigurationError, code);
        var line = Assert.Single(daemon.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Cannot start: " + expected, line, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(sockets.Path));
    }

    [Theory]
    [InlineData("""{"Deamon":{"Endpoints":[{"Name":"only","Path":"only.sock","Handlers":["log"],"AllowedUserIds":[0]}]}}""", null, "Deamon: unknown section 'Deamon'; did you mean Daemon?")]
    [InlineData("{}", "--Serilg:MinimumLevel:Default=Debug", "Serilg: unknown section 'Serilg'; did you mean Serilog?")]
    [InlineData("{}", "--OpenTelemetri:Endpoint=http://127.0.0.1:4318", "OpenTelemetri: unknown section 'OpenTelemetri'; did you mean OpenTelemetry?")]
    [InlineData("""{"Endpoints":[{"Name":"only","Path":"only.sock","Handlers":["log"]}]}""", null, "Endpoints: unknown section 'Endpoints'; did you mean Daemon:Endpoints?")]
    [InlineData("{}", "--WriteTo:0:Name=Console", "WriteTo: unknown section 'WriteTo'; did you mean Serilog:WriteTo?")]
    public async Task Run_SectionNameMisspelt_RefusedNamingItInsteadOfRunningTheDefaults(string json, string? setting, string expected)
    {
        using var sockets = new TempDirectory();
        using var etc = new TempDirectory();
        await WriteAsync(etc, json);
        var environment = new Dictionary<string, string>(Environment(etc)) { ["Daemon__SocketDirectory"] = sockets.Path };

        var (code, daemon) = await DaemonProcess.RunAsync(setting is null ? ["run"] : ["run", setting], environment);

        Assert.Equal(ConfigurationError, code);
        var line = Assert.Single(daemon.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Cannot start: " + expected, line, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(sockets.Path));
    }

    [Theory]
    [InlineData("--Daemon:Endpoints:0:AllowedUserIds=0", null, "Daemon:Endpoints:0:AllowedUserIds: given both the single value '0' and the entries '0', '1'")]
    [InlineData(null, "Daemon__Endpoints__0__AllowedUserIds", "Daemon:Endpoints:0:AllowedUserIds: given both the single value '0' and the entries '0', '1'")]
    [InlineData("--Daemon:Endpoints:0:Handlers=echo", null, "Daemon:Endpoints:0:Handlers: given both the single value 'echo' and the entry '0'")]
    [InlineData("--Serilog:WriteTo=Console", null, "Serilog:WriteTo: given both the single value 'Console' and the entries '0'")]
    [InlineData(null, "Serilog__WriteTo", "Serilog:WriteTo: given both the single value '0' and the entries '0'")]
    public async Task Run_SingleValueOverAFileList_RefusedNamingTheKeyInsteadOfKeepingTheList(string? argument, string? variable, string expected)
    {
        using var sockets = new TempDirectory();
        using var etc = new TempDirectory();
        await WriteAsync(etc, $$$"""
            {"Daemon":{"SocketDirectory":"{{{sockets.Path}}}","Endpoints":[
              {"Name":"syslog","Path":"syslog.sock","Handlers":["log"],"Mode":"0666","AllowedUserIds":[0, 65534]}]}}
            """);
        var environment = Environment(etc);
        if (variable is not null)
        {
            environment[variable] = "0";
        }

        var (code, daemon) = await DaemonProcess.RunAsync(argument is null ? ["run"] : ["run", argument], environment);

        Assert.Equal(ConfigurationError, code);
        var line = Assert.Single(daemon.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Cannot start: " + expected, line, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(sockets.Path));
    }

    [Fact]
    public async Task Run_EnvironmentVariableThatOnlyBeginsLikeASection_Starts()
    {
        using var sockets = new TempDirectory();
        using var etc = new TempDirectory();
        await WriteAsync(etc, "{}");
        var environment = new Dictionary<string, string>(Environment(etc)) { ["Daemon__SocketDirectory"] = sockets.Path, ["SERILOG_SELFLOG__X"] = "1", ["S__X"] = "1" };

        await using var daemon = DaemonProcess.Start(["run"], environment);
        await daemon.WaitForLineAsync("Application started");
        daemon.Signal(SigTerm);

        Assert.Equal(0, await daemon.WaitForExitAsync());
    }

    [Fact]
    public async Task Run_OperatorFilePatchesOneEntryByIndex_OtherEntriesKept()
    {
        // An object of indexes is not a list: it changes one entry, as Daemon__Endpoints__1__Mode would.
        using var sockets = new TempDirectory();
        using var etc = new TempDirectory();
        await WriteAsync(etc, $$"""{ "Daemon": { "SocketDirectory": "{{sockets.Path}}", "Endpoints": { "1": { "Mode": "0600" } } } }""");
        await using var daemon = DaemonProcess.Start(["run"], Environment(etc));
        await daemon.WaitForLineAsync("Application started");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(sockets.File("syslog.sock")));
        Assert.True(File.Exists(sockets.File("ingest.sock")));
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
    }

    [Fact]
    public async Task Run_FileIsNotJson_OneLineNamingFileLineAndPositionAndExit78()
    {
        using var sockets = new TempDirectory();
        using var etc = new TempDirectory();
        var file = await WriteAsync(etc, $$$"""
            {
              "Daemon": {
                "SocketDirectory": "{{{sockets.Path}}}"
                "ControlPath": "control.sock"
              }
            }
            """);

        var (code, daemon) = await DaemonProcess.RunAsync(["run"], Environment(etc));

        Assert.Equal(ConfigurationError, code);
        var line = Assert.Single(daemon.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"Cannot start: {file}: line 4, position 5: ", line, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(sockets.Path));
    }

    [Theory]
    [InlineData("health")]
    [InlineData("stats")]
    [InlineData("reload")]
    public async Task ControlCommand_FileIsNotJson_OneLineAndExit78_OrUnreadWithControl(string command)
    {
        using var etc = new TempDirectory();
        var file = await WriteAsync(etc, """{ "Daemon": { "ControlPath": "control.sock", } ] }""");

        var (code, client) = await DaemonProcess.RunAsync([command], Environment(etc));
        var (controlCode, withControl) = await DaemonProcess.RunAsync([command, "--control", etc.File("control.sock"), "--timeout", "5"], Environment(etc));

        Assert.Equal(ConfigurationError, code);
        var line = Assert.Single(client.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"dgramd {command}: {file}: line 1, position ", line, StringComparison.Ordinal);

        // --control names the socket: the configuration is not read, so the broken file is no answer's cause.
        Assert.Equal(3, controlCode);
        Assert.Contains("no socket at", withControl.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(file, withControl.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_OperatorFileChanged_ReadsTheFilesMergedAgain()
    {
        using var sockets = new TempDirectory();
        using var etc = new TempDirectory();
        await WriteAsync(etc, $$"""{ "Daemon": { "SocketDirectory": "{{sockets.Path}}", "Endpoints": { "1": { "Mode": "0600" } } } }""");
        var env = Environment(etc);
        await using var daemon = DaemonProcess.Start(["run"], env);
        await daemon.WaitForLineAsync("Application started");
        Assert.True(File.Exists(sockets.File("syslog.sock")));

        await WriteAsync(etc, $$$"""{"Daemon":{"SocketDirectory":"{{{sockets.Path}}}","Endpoints":[{"Name":"billing","Path":"billing.sock","Handlers":["echo"]}]}}""");
        var (code, reload) = await DaemonProcess.RunAsync(["reload"], env);

        Assert.True(code == 0, reload.StandardError);
        using (var answer = JsonDocument.Parse(reload.StandardOutput))
        {
            Assert.Contains("1 endpoint(s)", answer.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, File.GetUnixFileMode(sockets.File("billing.sock")));
        Assert.False(File.Exists(sockets.File("syslog.sock")));
        Assert.False(File.Exists(sockets.File("ingest.sock")));
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
    }

    [Fact]
    public async Task Reload_FileIsNotJson_RejectedNamingFileLineAndPosition()
    {
        using var sockets = new TempDirectory();
        using var etc = new TempDirectory();
        var file = await WriteAsync(etc, $$$"""{"Daemon":{"SocketDirectory":"{{{sockets.Path}}}"}}""");
        var env = Environment(etc);
        await using var daemon = DaemonProcess.Start(["run"], env);
        await daemon.WaitForLineAsync("Application started");

        await WriteAsync(etc, $$$"""{"Daemon":{"SocketDirectory":"{{{sockets.Path}}}","Endpoints":[}}""");
        var (code, reload) = await DaemonProcess.RunAsync(["reload", "--control", sockets.File("control.sock")], env);

        Assert.Equal(1, code);
        var expected = $"{file}: line 1, position ";
        Assert.Contains(expected, Assert.Single(reload.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.Contains(expected, await daemon.WaitForLineAsync("Reload failed"), StringComparison.Ordinal);
        Assert.True(File.Exists(sockets.File("ingest.sock")), "the previous configuration keeps serving");
        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
    }

    private static Dictionary<string, string> Environment(TempDirectory etc) => new() { ["CONFIGURATION_DIRECTORY"] = etc.Path };

    private static async Task<string> WriteAsync(TempDirectory etc, string json)
    {
        // Written whole and renamed into place, as an editor does, so a reader never sees half a file.
        var file = etc.File("appsettings.json");
        await File.WriteAllTextAsync(file + ".new", json);
        File.Move(file + ".new", file, overwrite: true);
        return file;
    }
}
