using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using UnixDatagram.Hosting.Systemd;

namespace UnixDatagram.Hosting.Tests.Systemd;

public sealed class SystemdStatusServiceTests : IDisposable
{
    private readonly SystemdTestServices _services = new();
    private readonly FakeNotifySocket _systemd;
    private readonly FakeTimeProvider _time;
    private readonly DaemonStatistics _statistics = new();

    public SystemdStatusServiceTests()
    {
        _systemd = _services.Systemd;
        _time = _services.Time;
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task ExecuteAsync_EachInterval_SendsTotalsRateAndHealth()
    {
        _statistics.Endpoint("a").CountReceived(100, 0);
        using var service = Create(_systemd.Notifier);
        await service.StartAsync(CancellationToken.None);

        _statistics.Endpoint("a").CountReceived(900, 0);
        _statistics.Endpoint("b").CountReceived(500, 0);
        _statistics.Endpoint("a").CountDropped(2);
        _statistics.Endpoint("b").CountDropped(1);
        _time.Advance(SystemdStatusService.Interval);
        Assert.Equal("STATUS=2 endpoints, 280 datagrams/s, 1500 received, 3 dropped, Healthy", await _systemd.ReceiveAsync());

        _statistics.Endpoint("b").CountReceived(250, 0);
        _services.Check.Status = HealthStatus.Degraded;
        _time.Advance(SystemdStatusService.Interval);
        Assert.Equal("STATUS=2 endpoints, 50 datagrams/s, 1750 received, 3 dropped, Degraded (switch)", await _systemd.ReceiveAsync());

        await service.StopAsync(CancellationToken.None);
        Assert.True(service.ExecuteTask!.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task ExecuteAsync_UnhealthyForSeveralIntervals_LogsOneLinePerChange()
    {
        using var service = Create(_systemd.Notifier);
        await service.StartAsync(CancellationToken.None);
        _time.Advance(SystemdStatusService.Interval);
        await _systemd.ReceiveAsync();

        _services.Check.Status = HealthStatus.Unhealthy;
        _services.Check.Description = "socket file replaced";
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(SystemdStatusService.Interval);
            Assert.Contains("Unhealthy (switch)", await _systemd.ReceiveAsync(), StringComparison.Ordinal);
        }

        _services.Check.Status = HealthStatus.Healthy;
        _time.Advance(SystemdStatusService.Interval);
        Assert.EndsWith("Healthy", await _systemd.ReceiveAsync(), StringComparison.Ordinal);
        await service.StopAsync(CancellationToken.None);

        var changes = _services.Logs.Entries.Where(e => e.EventId == 4023).ToArray();
        Assert.Equal(2, changes.Length);
        Assert.Equal(LogLevel.Warning, changes[0].Level);
        Assert.Equal("Health changed from Healthy to Unhealthy (switch): switch: Unhealthy, socket file replaced", changes[0].Message);
        Assert.Equal(LogLevel.Information, changes[1].Level);
        Assert.Equal("Health changed from Unhealthy (switch) to Healthy: all checks pass", changes[1].Message);
    }

    [Fact]
    public async Task ExecuteAsync_Idle_ZeroRate()
    {
        _statistics.Endpoint("a").CountReceived(42, 0);
        using var service = Create(_systemd.Notifier);
        await service.StartAsync(CancellationToken.None);

        _time.Advance(SystemdStatusService.Interval);

        Assert.Equal("STATUS=1 endpoint, 0 datagrams/s, 42 received, 0 dropped, Healthy", await _systemd.ReceiveAsync());
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ExecuteAsync_NoNotifySocket_ReturnsAtOnce()
    {
        using var service = Create(FakeNotifySocket.Disabled());

        await service.StartAsync(CancellationToken.None);

        await service.ExecuteTask!.WaitAsync(TestWait.Timeout);
        var inactive = await _services.Logs.WaitForAsync(4020).WaitAsync(TestWait.Timeout);
        Assert.Equal(LogLevel.Debug, inactive.Level);
    }

    [Fact]
    public void Format_OneUnhealthyEndpoint_NamesUnhealthyEntries()
    {
        var report = new HealthReport(
            new Dictionary<string, HealthReportEntry>
            {
                ["out"] = new(HealthStatus.Unhealthy, "peer gone", TimeSpan.Zero, null, null),
                ["ingest"] = new(HealthStatus.Degraded, "queue full", TimeSpan.Zero, null, null),
                ["control"] = new(HealthStatus.Healthy, null, TimeSpan.Zero, null, null),
            },
            TimeSpan.Zero);

        Assert.Equal("1 endpoint, 1235 datagrams/s, 12345 received, 7 dropped, Unhealthy (ingest, out)", SystemdStatusLine.Format(1, 1234.5, 12345, 7, report));
        Assert.Equal("out: peer gone", HealthReportText.UnhealthyEntries(report));
    }

    /// <summary>systemd ignores a notification longer than 4096 bytes whole (NOTIFY_BUFFER_MAX): the line stays short.</summary>
    [Fact]
    public void Format_ThousandDegradedEndpoints_NamesTheFirstAndCountsTheRest()
    {
        var entries = Enumerable.Range(0, 1000).ToDictionary(i => $"endpoint:ingest-{i:D4}-{new string('x', 40)}", _ => new HealthReportEntry(HealthStatus.Degraded, "queue full", TimeSpan.Zero, null, null));
        var report = new HealthReport(entries, TimeSpan.Zero);

        var line = SystemdStatusLine.Format(1000, 0, 0, 0, report);

        Assert.InRange(line.Length, 1, 400);
        Assert.StartsWith("1000 endpoints, 0 datagrams/s, 0 received, 0 dropped, Degraded (endpoint:ingest-0000-", line, StringComparison.Ordinal);
        Assert.Matches(@" and 99\d more\)$", line);
    }

    [Fact]
    public void Format_NoHealthReport_SaysUnknown()
    {
        Assert.Equal("0 endpoints, 0 datagrams/s, 0 received, 0 dropped, health unknown", SystemdStatusLine.Format(0, 0, 0, 0, null));
    }

    private SystemdStatusService Create(ISystemdNotifier notifier) =>
        new(notifier, _statistics, _services.Health, _time, _services.LoggerFactory);
}
