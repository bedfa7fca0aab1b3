namespace UnixDatagram.Hosting.Tests.App;

/// <summary>
/// The executable's <c>Serilog</c> section fails closed: a sink, enricher or argument it does not know and a value that
/// does not convert refuse start with one line naming the key; no sink at all means the default stderr sink; and a
/// refused start reaches stderr whatever the configured sinks write to.
/// </summary>
public sealed class LoggingConfigurationExecutableTests
{
    private const int ConfigurationError = 78;

    [Theory]
    [InlineData("""{"WriteTo":[{"Name":"StandardErr"}]}""", "Serilog:WriteTo:0:Name: 'StandardErr' is not a sink; use one of ", "StandardError")]
    [InlineData("""{"WriteTo":["StandardErr"]}""", "Serilog:WriteTo:0: 'StandardErr' is not a sink; use one of ", "StandardError")]
    [InlineData("""{"WriteTo":[{"Name":"StandardError"},{"Name":"Logger","Args":{"configureLogger":{"WriteTo":[{"Name":"Consol"}]}}}]}""", "Serilog:WriteTo:1:Args:configureLogger:WriteTo:0:Name: 'Consol' is not a sink; use one of ", "StandardError")]
    [InlineData("""{"WriteTo":[{"Name":"StandardError"}],"AuditTo":[{"Name":"Nowhere"}]}""", "Serilog:AuditTo:0:Name: 'Nowhere' is not an audit sink; use one of ", "Sink")]
    [InlineData("""{"WriteTo":[{"Name":"StandardError"},{"Name":"Sink"}]}""", "Serilog:WriteTo:1:Name: 'Sink' cannot be called with no arguments; its forms are ", "Sink(sink, ")]
    [InlineData("""{"WriteTo":[{"Name":"StandardError"}],"Enrich":["FromLogContxt"]}""", "Serilog:Enrich:0: 'FromLogContxt' is not an enricher; use one of ", "FromLogContext")]
    public async Task Run_UnknownSerilogMethod_RefusedNamingTheKeyAndTheKnownOnes(string serilog, string expected, string known)
    {
        var line = await RefusedAsync(serilog, ["run"], "Cannot start: " + expected);
        Assert.Contains(known, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"WriteTo":[{"Name":"StandardError","Args":{"drainTimeout":"soon"}}]}""", null, "Serilog:WriteTo:0:Args:drainTimeout: 'soon' is not a time span such as 00:00:30 (hh:mm:ss)")]
    [InlineData("{}", "--Serilog:WriteTo:0:Args:drainTimeout=10", "Serilog:WriteTo:0:Args:drainTimeout: '10' is not a time span such as 00:00:30 (hh:mm:ss) or 1.00:00:00 (d.hh:mm:ss) (a bare number would be days)")]
    [InlineData("{}", "--Serilog:WriteTo:0:Args:queueCapacity=abc", "Serilog:WriteTo:0:Args:queueCapacity: 'abc' is not a whole number")]
    [InlineData("{}", "--Serilog:WriteTo:0:Args:queueLimitBytes=16MiB", "Serilog:WriteTo:0:Args:queueLimitBytes: '16MiB' is not a whole number")]
    [InlineData("{}", "--Serilog:WriteTo:0:Args:restrictedToMinimumLevel=Loud", "Serilog:WriteTo:0:Args:restrictedToMinimumLevel: 'Loud' is not one of Verbose, Debug, Information, Warning, Error, Fatal")]
    [InlineData("{}", "--Serilog:WriteTo:0:Args:bufferSize=10", "Serilog:WriteTo:0:Args:bufferSize: '10' is out of range: bufferSize ('10') must be greater than or equal to '1024'")]
    [InlineData("{}", "--Serilog:WriteTo:0:Args:queueCapacity=0", "Serilog:WriteTo:0:Args:queueCapacity: '0' is out of range")]
    [InlineData("{}", "--Serilog:WriteTo:0:Args:queueCapasity=5", "Serilog:WriteTo:0:Args:queueCapasity: 'queueCapasity' is not an argument of StandardError; use outputTemplate, ")]
    [InlineData("""{"WriteTo":[{"Name":"Console","Args":{"standardErrorFromLevel":"Sometimes"}}]}""", null, "Serilog:WriteTo:0:Args:standardErrorFromLevel: 'Sometimes' is not one of Verbose")]
    [InlineData("""{"WriteTo":[{"Name":"OpenTelemetry","Args":{"endpoitn":"http://127.0.0.1:4318/v1/logs"}}]}""", null, "Serilog:WriteTo:0:Args:endpoitn: 'endpoitn' is not an argument of OpenTelemetry; use ")]
    [InlineData("""{"WriteTo":[{"Name":"OpenTelemetry","Args":{"protocol":"grpcx"}}]}""", null, "Serilog:WriteTo:0:Args:protocol: 'grpcx' is not one of Grpc, HttpProtobuf")]
    [InlineData("""{"WriteTo":[{"Name":"Async","Args":{"configure":[{"Name":"StandardError","Args":{"queueCapasity":5}}]}}]}""", null, "Serilog:WriteTo:0:Args:configure:0:Args:queueCapasity: 'queueCapasity' is not an argument of StandardError; use ")]
    [InlineData("""{"WriteTo":[{"Name":"StandardError"},{"Name":"Logger","Args":{"configureLogger":{"WriteTo":[{"Name":"Console","Args":{"outputTemplat":"{Message}"}}]}}}]}""", null, "Serilog:WriteTo:1:Args:configureLogger:WriteTo:0:Args:outputTemplat: 'outputTemplat' is not an argument of Console; use ")]
    [InlineData("{}", "--Serilog:WriteTo:0:Args:outputTemplate=", "Serilog:WriteTo:0:Args:outputTemplate: '' (empty) would replace the default '{JournalPriority}")]
    [InlineData("""{"WriteTo":[{"Name":"StandardError","Args":{"outputTemplate":" "}}]}""", null, "Serilog:WriteTo:0:Args:outputTemplate: ' ' (only white space) would replace the default '{JournalPriority}")]
    [InlineData("""{"WriteTo":[{"Name":"Console","Args":{"restrictedToMinimumLevel":""}}]}""", null, "Serilog:WriteTo:0:Args:restrictedToMinimumLevel: '' is not one of Verbose")]
    public async Task Run_BadSinkArgument_RefusedNamingTheKeyAndTheValue(string serilog, string? setting, string expected)
    {
        await RefusedAsync(serilog, setting is null ? ["run"] : ["run", setting], "Cannot start: " + expected);
    }

    [Theory]
    [InlineData("""{"MinimumLevel":{"Defualt":"Debug"}}""", "Serilog:MinimumLevel:Defualt: unknown setting 'Defualt'; did you mean Default?")]
    [InlineData("""{"Propertes":{"Site":"a"}}""", "Serilog:Propertes: unknown setting 'Propertes'; did you mean Properties?")]
    [InlineData("""{"WriteTo":[{"Name":"StandardError","Arg":{"restrictedToMinimumLevel":"Warning"}}]}""", "Serilog:WriteTo:0:Arg: unknown setting 'Arg'; did you mean Args?")]
    [InlineData("""{"Enrich":[{"Nmae":"FromLogContext"}]}""", "Serilog:Enrich:0:Nmae: unknown setting 'Nmae'; did you mean Name?")]
    [InlineData("""{"Sinks":[]}""", "Serilog:Sinks: unknown setting 'Sinks'; known: Using, LevelSwitches, ")]
    [InlineData("""{"WriteTo":[{"Name":"StandardError"},{"Name":"Logger","Args":{"configureLogger":{"Filtr":"x","WriteTo":[{"Name":"StandardError"}]}}}]}""", "Serilog:WriteTo:1:Args:configureLogger:Filtr: unknown setting 'Filtr'; did you mean Filter?")]
    [InlineData("""{"WriteTo":[{"Name":"StandardError"},{"Name":"Logger","Args":{"configureLogger":{"MinimumLevel":{"Defualt":"Debug"}}}}]}""", "Serilog:WriteTo:1:Args:configureLogger:MinimumLevel:Defualt: unknown setting 'Defualt'; did you mean Default?")]
    [InlineData("""{"WriteTo":[{"Name":"StandardError"},{"Name":"Logger","Args":{"configureLogger":{"MinimumLevel":"Loud"}}}]}""", "Serilog:WriteTo:1:Args:configureLogger:MinimumLevel: 'Loud' is not a log level; use one of Verbose, ")]
    [InlineData("""{"WriteTo":[{"Name":"Async","Args":{"configure":[{"Name":"StandardError","Arg":{"queueCapacity":5}}]}}]}""", "Serilog:WriteTo:0:Args:configure:0:Arg: unknown setting 'Arg'; did you mean Args?")]
    public async Task Run_UnknownSerilogKey_RefusedNamingItAndTheNearest(string serilog, string expected)
    {
        await RefusedAsync(serilog, ["run"], "Cannot start: " + expected);
    }

    [Fact]
    public async Task Run_NoSinkConfigured_LogsToStderr()
    {
        using var sockets = new TempDirectory();
        using var etc = new TempDirectory();
        await WriteAsync(etc, """{"WriteTo":[]}""");
        await using var daemon = DaemonProcess.Start(["run"], Environment(etc, sockets));
        await daemon.WaitForLineAsync("Application started");

        var marker = Guid.NewGuid().ToString("N");
        await ExternalProcess.RunCheckedAsync("logger", "-u", sockets.File("ingest.sock"), "no sink " + marker);
        await daemon.WaitForLineAsync("no sink " + marker);
        daemon.Signal(SigTerm);

        Assert.Equal(0, await daemon.WaitForExitAsync());
        Assert.Contains("Datagram on ingest", daemon.StandardError, StringComparison.Ordinal);
        Assert.Contains("no sink " + marker, daemon.StandardError, StringComparison.Ordinal);
        Assert.Empty(daemon.StandardOutput);
    }

    [Theory]
    [InlineData("""{"WriteTo":[]}""")]
    [InlineData("""{"WriteTo":[{"Name":"Console"}]}""")]
    [InlineData("""{"WriteTo":[{"Name":"Console","Args":{"restrictedToMinimumLevel":"Fatal"}}]}""")]
    [InlineData("""{"WriteTo":[{"Name":"Async","Args":{"configure":[{"Name":"StandardError"}]}}]}""")]
    public async Task Run_RefusedStartWhateverTheSinks_OneLineOnStderr(string serilog)
    {
        await RefusedAsync(serilog, ["run", "--Daemon:Endpoints:0:Mode=abc"], "Cannot start: Daemon:Endpoints:0:Mode: endpoint 'ingest': 'abc'");
    }

    /// <summary>
    /// Runs the daemon with <paramref name="serilog"/> as the operator file's <c>Serilog</c> section: it exits 78 with
    /// one line on stderr that contains <paramref name="expected"/>, binding nothing. Returns the line.
    /// </summary>
    private static async Task<string> RefusedAsync(string serilog, string[] args, string expected)
    {
        using var sockets = new TempDirectory();
        using var etc = new TempDirectory();
        await WriteAsync(etc, serilog);

        var (code, daemon) = await DaemonProcess.RunAsync(args, Environment(etc, sockets));

        Assert.Equal(ConfigurationError, code);
        var line = Assert.Single(daemon.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(sockets.Path));
        return line;
    }

    private static Dictionary<string, string> Environment(TempDirectory etc, TempDirectory sockets) =>
        new() { ["CONFIGURATION_DIRECTORY"] = etc.Path, ["Daemon__SocketDirectory"] = sockets.Path };

    private static async Task WriteAsync(TempDirectory etc, string serilog)
    {
        var file = etc.File("appsettings.json");
        await File.WriteAllTextAsync(file + ".new", $$"""{"Serilog":{{serilog}}}""");
        File.Move(file + ".new", file, overwrite: true);
    }
}
