using Microsoft.Extensions.Logging;

namespace UnixDatagram.Handlers.Tests.Syslog;

/// <summary>
/// The syslog handler under a minimum level, as a syslog daemon's level filter: <c>*.debug</c> is not logged under
/// Information, and each such message is counted rather than gone without a trace.
/// </summary>
public sealed class SyslogHandlerLevelTests : IDisposable
{
    private readonly RecordingLoggerProvider _logs = new();
    private readonly TempDirectory _dir = new();
    private readonly ILoggerFactory _factory;

    public SyslogHandlerLevelTests()
    {
        _factory = LoggerFactory.Create(builder => builder.AddProvider(_logs).SetMinimumLevel(LogLevel.Information));
    }

    public void Dispose()
    {
        _factory.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task HandleAsync_DebugUnderMinimumInformation_CountedAsFilteredAndNotLogged()
    {
        using var endpoint = new TestEndpoint(_dir, "sys");
        using var handler = new SyslogHandler(BuiltInHandlerNames.Syslog, new TestOptionsMonitor<SyslogHandlerOptions>(BuiltInHandlerNames.Syslog, new SyslogHandlerOptions()), _factory.CreateLogger<SyslogHandler>());

        foreach (var (priority, text) in new[] { ("user.debug", "debug one"), ("daemon.info", "info"), ("local0.debug", "debug two") })
        {
            await LoggerCommand.RunAsync("-u", endpoint.Path, "-t", "probe", "-p", priority, text);
            await handler.HandleAsync(await endpoint.ReceiveAsync(), CancellationToken.None);
        }

        Assert.Equal(2, handler.Filtered);
        Assert.Equal("info", _logs.Single(2031)["Message"]);
    }

    [Fact]
    public async Task HandleAsync_MalformedUnderMinimumError_CountedAsMalformedAndAsFiltered()
    {
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(_logs).SetMinimumLevel(LogLevel.Error));
        using var endpoint = new TestEndpoint(_dir, "sys");
        using var handler = new SyslogHandler(BuiltInHandlerNames.Syslog, new TestOptionsMonitor<SyslogHandlerOptions>(BuiltInHandlerNames.Syslog, new SyslogHandlerOptions()), factory.CreateLogger<SyslogHandler>());

        var sending = ExternalProcess.PythonAsync("import socket, sys; socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b'<999>not syslog', sys.argv[1])", endpoint.Path);
        await handler.HandleAsync(await endpoint.ReceiveAsync(), CancellationToken.None);
        (await sending.WaitAsync(TestWait.Timeout)).EnsureSuccess();

        Assert.Equal(1, handler.Malformed);
        Assert.Equal(1, handler.Filtered);
        Assert.Empty(_logs.Entries);
    }
}
