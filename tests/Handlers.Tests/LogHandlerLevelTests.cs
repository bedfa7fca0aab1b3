using Microsoft.Extensions.Logging;

namespace UnixDatagram.Handlers.Tests;

/// <summary>
/// A <c>log</c> handler whose Level the logging configuration does not log (Level Debug under the usual minimum
/// level Information): its datagrams are counted, and the operator is told, never dropped in silence.
/// </summary>
public sealed class LogHandlerLevelTests : IDisposable
{
    private readonly RecordingLoggerProvider _logs = new();
    private readonly TempDirectory _dir = new();
    private readonly ILoggerFactory _factory;
    private LogLevel _minimum = LogLevel.Information;

    public LogHandlerLevelTests()
    {
        // The minimum level of a real logging pipeline, which a test may change while the handler runs.
        _factory = LoggerFactory.Create(builder => builder.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace).AddFilter((_, level) => level >= _minimum));
    }

    public void Dispose()
    {
        _factory.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Constructor_LevelBelowTheLoggersMinimum_WarnsNamingTheKeyAndTheMinimumLevel()
    {
        using var handler = Create(new LogHandlerOptions { Level = LogLevel.Debug });

        var warning = _logs.Single(2004);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal(
            "Handler log: Daemon:Handlers:log:Level is Debug, below the minimum level Information that the logging configuration gives the category "
            + "'UnixDatagram.Handlers.LogHandler': its datagrams are not logged, only counted (unixdgram.log.filtered). Raise the handler's Level, or lower the minimum level for that category",
            warning.Message);
    }

    [Fact]
    public async Task HandleAsync_LevelBelowTheLoggersMinimum_CountedAsFilteredAndWarnedOnlyOnce()
    {
        using var endpoint = new TestEndpoint(_dir, "ingest");
        using var handler = Create(new LogHandlerOptions { Level = LogLevel.Debug });

        for (var i = 0; i < 3; i++)
        {
            await LoggerCommand.RunAsync("-u", endpoint.Path, "level debug payload " + i);
            await handler.HandleAsync(await endpoint.ReceiveAsync(), CancellationToken.None);
        }

        Assert.Equal(3, handler.Filtered);
        Assert.Single(_logs.Events(2004));
        Assert.DoesNotContain(_logs.Entries, e => e.EventId is >= 2000 and <= 2003);
    }

    [Fact]
    public async Task HandleAsync_MinimumLevelLoweredThenRaisedAgain_LoggedMeanwhileAndWarnedAgain()
    {
        using var endpoint = new TestEndpoint(_dir, "ingest");
        using var handler = Create(new LogHandlerOptions { Level = LogLevel.Debug });

        _minimum = LogLevel.Debug;
        await SendAsync(handler, endpoint, "logged");
        _minimum = LogLevel.Warning;
        await SendAsync(handler, endpoint, "filtered one");
        await SendAsync(handler, endpoint, "filtered two");

        Assert.EndsWith(": logged", (string?)_logs.Single(2001)["Payload"], StringComparison.Ordinal);
        Assert.Equal(2, handler.Filtered);
        var warnings = _logs.Events(2004);
        Assert.Equal(2, warnings.Count);
        Assert.Equal(LogLevel.Information, warnings[0]["MinimumLevel"]);
        Assert.Equal(LogLevel.Warning, warnings[1]["MinimumLevel"]);
    }

    [Fact]
    public async Task Reload_LevelStillBelowThenRaised_WarnsAtTheReloadThenLogs()
    {
        using var endpoint = new TestEndpoint(_dir, "ingest");
        var monitor = new TestOptionsMonitor<LogHandlerOptions>(BuiltInHandlerNames.Log, new LogHandlerOptions { Level = LogLevel.Debug });
        using var handler = new LogHandler(BuiltInHandlerNames.Log, monitor, _factory.CreateLogger<LogHandler>());

        monitor.Reload(BuiltInHandlerNames.Log, new LogHandlerOptions { Level = LogLevel.Trace });
        await SendAsync(handler, endpoint, "filtered");
        monitor.Reload(BuiltInHandlerNames.Log, new LogHandlerOptions { Level = LogLevel.Information });
        await SendAsync(handler, endpoint, "logged");

        var warnings = _logs.Events(2004);
        Assert.Equal(2, warnings.Count);
        Assert.Equal(LogLevel.Trace, warnings[1]["Level"]);
        Assert.Equal(1, handler.Filtered);
        Assert.EndsWith(": logged", (string?)_logs.Single(2001)["Payload"], StringComparison.Ordinal);
    }

    private static async Task SendAsync(LogHandler handler, TestEndpoint endpoint, string text)
    {
        await LoggerCommand.RunAsync("-u", endpoint.Path, text);
        await handler.HandleAsync(await endpoint.ReceiveAsync(), CancellationToken.None);
    }

    private LogHandler Create(LogHandlerOptions options) =>
        new(BuiltInHandlerNames.Log, new TestOptionsMonitor<LogHandlerOptions>(BuiltInHandlerNames.Log, options), _factory.CreateLogger<LogHandler>());
}
