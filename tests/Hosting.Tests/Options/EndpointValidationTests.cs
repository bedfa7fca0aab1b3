namespace UnixDatagram.Hosting.Tests.Options;

public sealed class EndpointValidationTests
{
    private const string E0 = "Daemon:Endpoints:0:";
    private const string E1 = "Daemon:Endpoints:1:";

    public static TheoryData<string, string[], string, string[]> Cases => new()
    {
        { "path too long", [E0 + "Path={dir}/" + new string('x', 120)], E0 + "Path", [new string('x', 120), "107 bytes"] },
        { "duplicate path", [.. Second("same.sock", "other"), E0 + "Path=same.sock"], E1 + "Path", ["same.sock", "Daemon:Endpoints:0"] },
        { "duplicate path spelled differently", [.. Second("./in.sock", "other")], E1 + "Path", ["./in.sock", "Daemon:Endpoints:0"] },
        { "duplicate name", [.. Second("other.sock", "ingest")], E1 + "Name", ["'ingest'", "Daemon:Endpoints:0"] },
        { "duplicate name but for case", [.. Second("other.sock", "INGEST")], E1 + "Name", ["'INGEST'", "Daemon:Endpoints:0 ('ingest'; names are compared ignoring case)"] },
        { "missing name", [E0 + "Name="], E0 + "Name", ["no name"] },
        { "missing directory", [E0 + "Path={dir}/missing/in.sock"], E0 + "Path", ["{dir}/missing/in.sock", "does not exist"] },
        { "unknown handler", [E0 + "Handlers:0=nope"], E0 + "Handlers:0", ["'nope'", "'ingest'"] },
        { "no handlers", [E0 + "Handlers:0=" + StartFailure.Remove], E0 + "Handlers", ["'ingest'", "no handlers"] },
        { "mode not octal", [E0 + "Mode=0abc"], E0 + "Mode", ["0abc", "'ingest'"] },
        { "mode not a mode", [E0 + "Mode=99999"], E0 + "Mode", ["99999", "'ingest'"] },
        { "mode too large", [E0 + "Mode=17777"], E0 + "Mode", ["17777", "'ingest'"] },
        { "queue capacity zero", [E0 + "QueueCapacity=0"], E0 + "QueueCapacity", ["0", "'ingest'"] },
        { "max concurrency zero", [E0 + "MaxConcurrency=0"], E0 + "MaxConcurrency", ["0", "'ingest'"] },
        { "max datagram size negative", [E0 + "MaxDatagramSize=-1"], E0 + "MaxDatagramSize", ["-1", "'ingest'"] },
        { "receive buffer size zero", [E0 + "ReceiveBufferSize=0"], E0 + "ReceiveBufferSize", ["0", "'ingest'"] },
        { "handler timeout zero", [E0 + "HandlerTimeout=00:00:00"], E0 + "HandlerTimeout", ["00:00:00", "'ingest'"] },
        { "handler timeout beyond a timer", [E0 + "HandlerTimeout=100.00:00:00"], E0 + "HandlerTimeout", ["100.00:00:00", "'ingest'"] },
        { "name with control characters", [E0 + "Name=a b\nc\u001b[31m"], E0 + "Name", ["'a b\\nc\\x1b[31m'", "not a valid endpoint name"] },
        { "name with a colon", [E0 + "Name=in:gest"], E0 + "Name", ["'in:gest'", "not a valid endpoint name"] },
        { "name with a space", [E0 + "Name=my endpoint"], E0 + "Name", ["'my endpoint'", "not a valid endpoint name"] },
        { "name not ASCII", [E0 + "Name=caf\u00e9"], E0 + "Name", ["'caf\u00e9'", "not a valid endpoint name"] },
        { "name starting with a dash", [E0 + "Name=-ingest"], E0 + "Name", ["'-ingest'", "not a valid endpoint name"] },
        { "name too long", [E0 + "Name=" + new string('n', 65)], E0 + "Name", [new string('n', 65), "not a valid endpoint name"] },
        { "file descriptor name with a colon", [E0 + "FileDescriptorName=sys:log"], E0 + "FileDescriptorName", ["'sys:log'", "systemd.socket(5)"] },
        { "handler reference with control characters", [E0 + "Handlers:0=rec\u001b[2Jord"], E0 + "Handlers:0", ["'rec\\x1b[2Jord'"] },
        { "shutdown timeout negative", ["Daemon:ShutdownTimeout=-00:00:01"], "Daemon:ShutdownTimeout", ["-00:00:01"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public Task StartAsync_InvalidEndpoint_FailsNamingKeyAndValue(string description, string[] settings, string key, string[] values) =>
        StartFailure.AssertAsync(description, settings, key, values);

    [Theory]
    [InlineData("ingest")]
    [InlineData("syslog-files")]
    [InlineData("a.b_c-9")]
    [InlineData("0")]
    public async Task StartAsync_NameOfTheAllowedForm_Starts(string name)
    {
        var config = EndpointConfig.Endpoint(name, "in.sock", ["record"]);
        await using var daemon = ListenerHost.Create(config, ("record", new RecordingHandler()));

        await daemon.StartAsync();

        Assert.Equal(name, daemon.Listener.Endpoints.Single().Name);
    }

    /// <summary>A second endpoint, valid but for what the case makes it share with the first.</summary>
    private static string[] Second(string path, string name) =>
        [E1 + "Name=" + name, E1 + "Path=" + path, E1 + "Handlers:0=record"];
}
