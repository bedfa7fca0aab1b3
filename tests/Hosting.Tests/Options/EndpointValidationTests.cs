using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace UnixDatagram.Hosting.Tests.Options;

public sealed class EndpointValidationTests
{
    private const string Remove = "(remove)";
    private const string E0 = "Daemon:Endpoints:0:";
    private const string E1 = "Daemon:Endpoints:1:";

    public static TheoryData<string, string[], string, string[]> Cases => new()
    {
        { "path too long", [E0 + "Path={dir}/" + new string('x', 120)], E0 + "Path", [new string('x', 120), "107 bytes"] },
        { "duplicate path", [.. Second("same.sock", "other"), E0 + "Path=same.sock"], E1 + "Path", ["same.sock", "Daemon:Endpoints:0"] },
        { "duplicate path spelled differently", [.. Second("./in.sock", "other")], E1 + "Path", ["./in.sock", "Daemon:Endpoints:0"] },
        { "duplicate name", [.. Second("other.sock", "ingest")], E1 + "Name", ["'ingest'", "Daemon:Endpoints:0"] },
        { "missing name", [E0 + "Name="], E0 + "Name", ["no name"] },
        { "missing directory", [E0 + "Path={dir}/missing/in.sock"], E0 + "Path", ["{dir}/missing/in.sock", "does not exist"] },
        { "unknown handler", [E0 + "Handlers:0=nope"], E0 + "Handlers:0", ["'nope'", "'ingest'"] },
        { "no handlers", [E0 + "Handlers:0=" + Remove], E0 + "Handlers", ["'ingest'", "no handlers"] },
        { "mode not octal", [E0 + "Mode=0abc"], E0 + "Mode", ["0abc", "'ingest'"] },
        { "mode not a mode", [E0 + "Mode=99999"], E0 + "Mode", ["99999", "'ingest'"] },
        { "mode too large", [E0 + "Mode=17777"], E0 + "Mode", ["17777", "'ingest'"] },
        { "queue capacity zero", [E0 + "QueueCapacity=0"], E0 + "QueueCapacity", ["0", "'ingest'"] },
        { "max concurrency zero", [E0 + "MaxConcurrency=0"], E0 + "MaxConcurrency", ["0", "'ingest'"] },
        { "max datagram size negative", [E0 + "MaxDatagramSize=-1"], E0 + "MaxDatagramSize", ["-1", "'ingest'"] },
        { "receive buffer size zero", [E0 + "ReceiveBufferSize=0"], E0 + "ReceiveBufferSize", ["0", "'ingest'"] },
        { "handler timeout zero", [E0 + "HandlerTimeout=00:00:00"], E0 + "HandlerTimeout", ["00:00:00", "'ingest'"] },
        { "handler timeout beyond a timer", [E0 + "HandlerTimeout=100.00:00:00"], E0 + "HandlerTimeout", ["100.00:00:00", "'ingest'"] },
        { "shutdown timeout negative", ["Daemon:ShutdownTimeout=-00:00:01"], "Daemon:ShutdownTimeout", ["-00:00:01"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task StartAsync_InvalidEndpoint_FailsNamingKeyAndValue(string description, string[] settings, string key, string[] values)
    {
        var config = EndpointConfig.Endpoint("ingest", "in.sock", ["record"]);
        foreach (var setting in settings)
        {
            var (name, value) = (setting[..setting.IndexOf('=', StringComparison.Ordinal)], setting[(setting.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            if (value == Remove)
            {
                config.Remove(name);
            }
            else
            {
                config[name] = value;
            }
        }

        await using var daemon = ListenerHost.Create(config, ("record", new RecordingHandler()));
        var error = await Assert.ThrowsAsync<OptionsValidationException>(daemon.StartAsync);

        var failure = error.Failures.FirstOrDefault(f => f.StartsWith(key + ":", StringComparison.Ordinal));
        Assert.True(failure is not null, $"{description}: no failure for {key} in: {error.Message}");
        foreach (var value in values.Select(v => v.Replace("{dir}", daemon.Directory.Path, StringComparison.Ordinal)))
        {
            // The value as a whole token (not "0" inside "10" or "0.5"), after the key.
            Assert.Matches(new Regex(@"(?<![\w.-])" + Regex.Escape(value) + @"(?!\w|[.:]\w)"), failure[key.Length..]);
        }

        Assert.Contains(failure, error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(daemon.Directory.Path));
    }

    /// <summary>A second endpoint, valid but for what the case makes it share with the first.</summary>
    private static string[] Second(string path, string name) =>
        [E1 + "Name=" + name, E1 + "Path=" + path, E1 + "Handlers:0=record"];
}
