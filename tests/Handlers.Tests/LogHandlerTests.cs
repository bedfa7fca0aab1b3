using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UnixDatagram.Transport;

namespace UnixDatagram.Handlers.Tests;

public sealed class LogHandlerTests
{
    private readonly RecordingLoggerProvider _logs = new();

    [Fact]
    public async Task HandleAsync_TextFromBoundClientWithCredentials_LogsEveryField()
    {
        using var dir = new TempDirectory();
        using var endpoint = new TestEndpoint(dir, "ingest");
        using var client = TestSockets.Bound(dir.File("client.sock"));
        client.Connect(endpoint.Path);
        await client.SendAsync("hello wörld"u8.ToArray());
        var context = await endpoint.ReceiveAsync();
        using var handler = CreateHandler(new LogHandlerOptions());

        var handling = handler.HandleAsync(context, CancellationToken.None);

        Assert.True(handling.IsCompletedSuccessfully);
        var entry = _logs.Single(2001);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Equal("ingest", entry["Endpoint"]);
        Assert.Equal(dir.File("client.sock"), entry["Sender"]);
        Assert.Equal(12, entry["Length"]);
        Assert.Equal(false, entry["Truncated"]);
        Assert.Equal(Environment.ProcessId, entry["Pid"]);
        Assert.Equal(UnixProcess.UserId, entry["Uid"]);
        Assert.Equal(UnixProcess.GroupId, entry["Gid"]);
        Assert.Equal("hello wörld", entry["Payload"]);
        Assert.Equal($"Datagram on ingest from {dir.File("client.sock")} pid={Environment.ProcessId} uid={UnixProcess.UserId} gid={UnixProcess.GroupId}: 12 bytes, truncated=False: hello wörld", entry.Message);
    }

    [Fact]
    public async Task HandleAsync_NoCredentials_LogsWithoutThem()
    {
        using var dir = new TempDirectory();
        using var endpoint = new TestEndpoint(dir, passCredentials: false);
        var context = await endpoint.SendAndReceiveAsync("hi"u8.ToArray());
        using var handler = CreateHandler(new LogHandlerOptions());

        await handler.HandleAsync(context, CancellationToken.None);

        var entry = _logs.Single(2000);
        Assert.Equal("(unnamed)", entry["Sender"]);
        Assert.Equal("hi", entry["Payload"]);
        Assert.DoesNotContain("Pid", entry.State.Keys);
    }

    [Fact]
    public async Task HandleAsync_HexAtDebug_LogsHexAtThatLevel()
    {
        using var dir = new TempDirectory();
        using var endpoint = new TestEndpoint(dir);
        var context = await endpoint.SendAndReceiveAsync(new byte[] { 0x00, 0xAB, 0x7F, 0x41 });
        using var handler = CreateHandler(new LogHandlerOptions { Format = PayloadFormat.Hex, Level = LogLevel.Debug });

        await handler.HandleAsync(context, CancellationToken.None);

        var entry = _logs.Single(2001);
        Assert.Equal(LogLevel.Debug, entry.Level);
        Assert.Equal("00ab7f41", entry["Payload"]);
    }

    [Fact]
    public async Task HandleAsync_BinaryAsText_EscapesInsteadOfThrowing()
    {
        using var dir = new TempDirectory();
        using var endpoint = new TestEndpoint(dir);
        var context = await endpoint.SendAndReceiveAsync(new byte[] { (byte)'o', (byte)'k', 0x0A, 0x1B, 0xFF, 0xC3 });
        using var handler = CreateHandler(new LogHandlerOptions());

        await handler.HandleAsync(context, CancellationToken.None);

        Assert.Equal("ok\\n\\x1b\\xff\\xc3", _logs.Single(2001)["Payload"]);
    }

    [Fact]
    public async Task HandleAsync_PayloadOverMaxBytes_LogsItCutAndSaysSo()
    {
        using var dir = new TempDirectory();
        using var endpoint = new TestEndpoint(dir, passCredentials: false);
        var context = await endpoint.SendAndReceiveAsync(Encoding.UTF8.GetBytes("abcé-rest"));
        using var handler = CreateHandler(new LogHandlerOptions { MaxBytes = 4 });

        await handler.HandleAsync(context, CancellationToken.None);

        // "abcé" is 5 bytes: the cut falls inside é, so only "abc" is shown rather than half a character.
        var entry = _logs.Single(2002);
        Assert.Equal("abc", entry["Payload"]);
        Assert.Equal(3, entry["Shown"]);
        Assert.Equal(10, entry["Length"]);
        Assert.Contains("payload cut to its first 3 bytes", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_HexOverMaxBytes_LogsExactlyMaxBytesWithCredentials()
    {
        using var dir = new TempDirectory();
        using var endpoint = new TestEndpoint(dir);
        var context = await endpoint.SendAndReceiveAsync(new byte[] { 1, 2, 3, 4, 5 });
        using var handler = CreateHandler(new LogHandlerOptions { Format = PayloadFormat.Hex, MaxBytes = 2 });

        await handler.HandleAsync(context, CancellationToken.None);

        var entry = _logs.Single(2003);
        Assert.Equal("0102", entry["Payload"]);
        Assert.Equal(Environment.ProcessId, entry["Pid"]);
    }

    [Fact]
    public async Task HandleAsync_DatagramTruncatedByEndpoint_ReportsTruncatedAndLengthAsSent()
    {
        // Through the real receive loop with a 16-byte buffer, as the daemon fills its reused contexts.
        using var dir = new TempDirectory();
        using var server = TestSockets.Bound(dir.File("s.sock"));
        var receiver = new SingleDatagramReceiver();
        server.StartReceiving(receiver, new ReceiveLoopOptions { MaxDatagramSize = 16, BatchSize = 1, MaxInFlight = 1 });
        using var client = TestSockets.Connected(dir.File("s.sock"));
        await client.SendAsync(Encoding.ASCII.GetBytes(new string('x', 100)));
        using var datagram = await receiver.Datagram.WaitAsync(TestWait.Timeout);
        var context = new DatagramContext();
        context.Set("small", datagram, server);
        using var handler = CreateHandler(new LogHandlerOptions());

        await handler.HandleAsync(context, CancellationToken.None);

        var entry = _logs.Single(2000);
        Assert.Equal(true, entry["Truncated"]);
        Assert.Equal(100, entry["Length"]);
        Assert.Equal(new string('x', 16), entry["Payload"]);
    }

    [Theory]
    [InlineData(-1, LogLevel.Information, PayloadFormat.Text, "Daemon:Handlers:mylog:MaxBytes: -1 is negative")]
    [InlineData(65536, LogLevel.Information, PayloadFormat.Text, "Daemon:Handlers:mylog:MaxBytes: 65536 is above 10240")]
    [InlineData(10, LogLevel.None, PayloadFormat.Text, "Daemon:Handlers:mylog:Level: 'None' is not a level to log at")]
    [InlineData(10, LogLevel.Information, (PayloadFormat)7, "Daemon:Handlers:mylog:Format: '7' is not a payload format")]
    public void Constructor_InvalidOptions_ThrowsNamingKeyAndValue(int maxBytes, LogLevel level, PayloadFormat format, string expected)
    {
        var options = new TestOptionsMonitor<LogHandlerOptions>("mylog", new LogHandlerOptions { MaxBytes = maxBytes, Level = level, Format = format });

        var exception = Assert.Throws<OptionsValidationException>(() => new LogHandler("mylog", options, _logs.CreateLogger<LogHandler>()));

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
        Assert.Equal("mylog", exception.OptionsName);
    }

    [Fact]
    public async Task OptionsReload_Valid_AppliesToNextDatagram()
    {
        using var dir = new TempDirectory();
        using var endpoint = new TestEndpoint(dir);
        var options = new TestOptionsMonitor<LogHandlerOptions>("log", new LogHandlerOptions());
        using var handler = new LogHandler("log", options, _logs.CreateLogger<LogHandler>());

        options.Reload("log", new LogHandlerOptions { Format = PayloadFormat.Hex, Level = LogLevel.Warning });
        await handler.HandleAsync(await endpoint.SendAndReceiveAsync("A"u8.ToArray()), CancellationToken.None);

        var entry = _logs.Single(2001);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Equal("41", entry["Payload"]);
    }

    [Fact]
    public async Task OptionsReload_Invalid_KeepsPreviousAndLogsError()
    {
        using var dir = new TempDirectory();
        using var endpoint = new TestEndpoint(dir);
        var options = new TestOptionsMonitor<LogHandlerOptions>("log", new LogHandlerOptions { Format = PayloadFormat.Hex });
        using var handler = new LogHandler("log", options, _logs.CreateLogger<LogHandler>());

        options.Reload("log", new LogHandlerOptions { MaxBytes = -5 });
        options.Reload("other", new LogHandlerOptions { MaxBytes = -5 });
        await handler.HandleAsync(await endpoint.SendAndReceiveAsync("A"u8.ToArray()), CancellationToken.None);

        var error = _logs.Single(2090);
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Equal("log", error["Handler"]);
        Assert.Contains("Daemon:Handlers:log:MaxBytes: -5", (string?)error["Errors"], StringComparison.Ordinal);
        Assert.Equal("41", _logs.Single(2001)["Payload"]);
    }

    private LogHandler CreateHandler(LogHandlerOptions options) =>
        new(BuiltInHandlerNames.Log, new TestOptionsMonitor<LogHandlerOptions>(BuiltInHandlerNames.Log, options), _logs.CreateLogger<LogHandler>());

    /// <summary>Takes the first datagram from a receive loop and keeps it (undisposed) for the test.</summary>
    private sealed class SingleDatagramReceiver : IDatagramReceiver
    {
        private readonly TaskCompletionSource<Datagram> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<Datagram> Datagram => _first.Task;

        public void OnDatagram(Datagram datagram)
        {
            if (!_first.TrySetResult(datagram))
            {
                datagram.Dispose();
            }
        }

        public void OnReceiveError(UnixSocketException exception) => _first.TrySetException(exception);
    }
}
