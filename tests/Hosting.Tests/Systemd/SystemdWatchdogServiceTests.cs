using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using UnixDatagram.Hosting.Systemd;

namespace UnixDatagram.Hosting.Tests.Systemd;

public sealed class SystemdWatchdogServiceTests : IDisposable
{
    private const int OurPid = 4242;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private readonly SystemdTestServices _services = new();
    private readonly FakeNotifySocket _systemd;
    private readonly FakeTimeProvider _time;

    public SystemdWatchdogServiceTests()
    {
        _systemd = _services.Systemd;
        _time = _services.Time;
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public void PingInterval_WatchdogUsec30Seconds_IsHalf()
    {
        using var service = Create(("WATCHDOG_USEC", "30000000"), ("WATCHDOG_PID", "4242"));

        Assert.Equal(Interval, service.PingInterval);
    }

    [Fact]
    public async Task ExecuteAsync_Healthy_PingsEachInterval()
    {
        using var service = Create(("WATCHDOG_USEC", "30000000"), ("WATCHDOG_PID", "4242"));
        await service.StartAsync(CancellationToken.None);

        for (var i = 1; i <= 3; i++)
        {
            _time.Advance(Interval);
            Assert.Equal("WATCHDOG=1", await _systemd.ReceiveAsync());
            Assert.Equal(i, _services.Check.Calls);
        }

        await service.StopAsync(CancellationToken.None);
        Assert.True(service.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Null(_systemd.TryReceive());
    }

    [Fact]
    public async Task ExecuteAsync_Unhealthy_WithholdsPingsAndWarnsOnceUntilHealthyAgain()
    {
        using var service = Create(("WATCHDOG_USEC", "30000000"));
        await service.StartAsync(CancellationToken.None);
        _time.Advance(Interval);
        Assert.Equal("WATCHDOG=1", await _systemd.ReceiveAsync());

        _services.Check.Status = HealthStatus.Unhealthy;
        _services.Check.Description = "receive loop wedged";
        _time.Advance(Interval);
        var warning = await _services.Logs.WaitForAsync(4012).WaitAsync(TestWait.Timeout);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("Unhealthy (switch: receive loop wedged)", warning.Message, StringComparison.Ordinal);
        Assert.Null(_systemd.TryReceive());

        // Still Unhealthy on the next tick: still no ping, and no second warning (one line per change, not per tick).
        _time.Advance(Interval);
        await _services.Check.WaitForCallsAsync(3).WaitAsync(TestWait.Timeout);
        Assert.Null(_systemd.TryReceive());

        _services.Check.Status = HealthStatus.Healthy;
        _time.Advance(Interval);
        Assert.Equal("WATCHDOG=1", await _systemd.ReceiveAsync());
        var resumed = await _services.Logs.WaitForAsync(4013).WaitAsync(TestWait.Timeout);
        Assert.Contains("Healthy again", resumed.Message, StringComparison.Ordinal);
        Assert.Single(_services.Logs.Entries, e => e.EventId == 4012);
        await service.StopAsync(CancellationToken.None);
        Assert.Null(_systemd.TryReceive()); // exactly two pings in four ticks
        Assert.Equal(4, _services.Check.Calls);
    }

    [Fact]
    public async Task ExecuteAsync_Degraded_StillPings()
    {
        using var service = Create(("WATCHDOG_USEC", "30000000"));
        _services.Check.Status = HealthStatus.Degraded;
        await service.StartAsync(CancellationToken.None);

        _time.Advance(Interval);

        Assert.Equal("WATCHDOG=1", await _systemd.ReceiveAsync());
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ExecuteAsync_NotifySocketGone_WarnsOnceAndGoesOn()
    {
        using var service = Create(("WATCHDOG_USEC", "30000000"));
        await service.StartAsync(CancellationToken.None);
        _systemd.Dispose();

        for (var i = 1; i <= 3; i++)
        {
            _time.Advance(Interval);
            await _services.Check.WaitForCallsAsync(i).WaitAsync(TestWait.Timeout);
        }

        // The third check ran, so the second tick's send has failed too: still a single warning.
        var warning = Assert.Single(_services.Logs.Entries, e => e.EventId == 4014);
        Assert.Contains("could not be sent", warning.Message, StringComparison.Ordinal);
        Assert.False(service.ExecuteTask!.IsCompleted);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ExecuteAsync_NoWatchdogUsec_ReturnsAtOnce()
    {
        using var service = Create();

        await service.StartAsync(CancellationToken.None);

        await service.ExecuteTask!.WaitAsync(TestWait.Timeout);
        Assert.Null(service.PingInterval);
        var inactive = await _services.Logs.WaitForAsync(4010).WaitAsync(TestWait.Timeout);
        Assert.Equal(LogLevel.Debug, inactive.Level);
        Assert.Contains("WATCHDOG_USEC is not set", inactive.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_WatchdogPidOfAnotherProcess_ReturnsAtOnce()
    {
        using var service = Create(("WATCHDOG_USEC", "30000000"), ("WATCHDOG_PID", "1"));

        await service.StartAsync(CancellationToken.None);

        await service.ExecuteTask!.WaitAsync(TestWait.Timeout);
        Assert.Contains("WATCHDOG_PID=1", (await _services.Logs.WaitForAsync(4010)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_NoNotifySocket_ReturnsAtOnce()
    {
        using var service = Create(FakeNotifySocket.Disabled(), ("WATCHDOG_USEC", "30000000"));

        await service.StartAsync(CancellationToken.None);

        await service.ExecuteTask!.WaitAsync(TestWait.Timeout);
        Assert.Contains("NOTIFY_SOCKET is not set", (await _services.Logs.WaitForAsync(4010)).Message, StringComparison.Ordinal);
    }

    private SystemdWatchdogService Create(params (string Name, string Value)[] env) => Create(_systemd.Notifier, env);

    private SystemdWatchdogService Create(ISystemdNotifier notifier, params (string Name, string Value)[] env)
    {
        var variables = env.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return new SystemdWatchdogService(notifier, _services.Health, _time, _services.Logger("watchdog"), name => variables.GetValueOrDefault(name), OurPid);
    }
}
