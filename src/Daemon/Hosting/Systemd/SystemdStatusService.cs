using Microsoft.Extensions.Hosting.Systemd;
using static UnixDatagram.Hosting.Systemd.SystemdLog.StatusLine;
using UnixDatagram.Hosting.Diagnostics;

namespace UnixDatagram.Hosting.Systemd;

/// <summary>
/// Every <see cref="Interval"/> (5 seconds) sends systemd <c>STATUS=</c> with a one-line summary from
/// <see cref="DaemonStatistics"/> (summed over endpoints; the rate is the change in received datagrams since the
/// previous line) and a fresh health report. <c>systemctl status</c> shows it.
/// </summary>
/// <remarks>
/// Inactive when <see cref="ISystemdNotifier.IsEnabled"/> is false (no <c>NOTIFY_SOCKET</c>). Five seconds is fixed:
/// often enough for a person watching <c>systemctl status</c>, rare enough to cost nothing; the first line comes five
/// seconds after start.
/// </remarks>
internal sealed class SystemdStatusService : PeriodicNotifyService
{
    /// <summary>How often the status line is sent: 5 seconds.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly DaemonStatistics _statistics;
    private readonly HealthCheckService _health;
    private readonly ILogger _logger;
    private long _lastReceived;
    private long _lastTimestamp;
    private string _lastHealth = "Healthy";
    private bool _healthFailing;

    /// <summary>Creates the service; the container calls this.</summary>
    public SystemdStatusService(ISystemdNotifier notifier, DaemonStatistics statistics, HealthCheckService health, TimeProvider time, ILoggerFactory loggerFactory)
        : base(notifier, time)
    {
        _statistics = statistics;
        _health = health;
        _logger = LogCategory.For<SystemdStatusService>(loggerFactory);
    }

    /// <summary>Takes the first sample and starts the period now, so the first rate covers exactly one interval.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (Period is not null)
        {
            _lastReceived = _statistics.Endpoints.Sum(e => e.Received);
            _lastTimestamp = Time.GetTimestamp();
        }

        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override TimeSpan? Period => Notifier.IsEnabled ? Interval : null;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!IsActive)
        {
            LogInactive(_logger);
            return;
        }

        await NotifyEveryPeriodAsync(stoppingToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task<ServiceState?> NextStateAsync(CancellationToken stoppingToken) =>
        new ServiceState("STATUS=" + await NextLineAsync(stoppingToken).ConfigureAwait(false));

    /// <inheritdoc />
    protected override void OnNotifyFailed(SocketException exception) => LogNotifyFailed(_logger, exception.Message, exception);

    /// <summary>One line when health changes (not one per evaluation), so the journal shows transitions, not noise.</summary>
    private void ReportHealthChange(HealthReport health)
    {
        var summary = HealthReportText.Summary(health);
        if (summary == _lastHealth)
        {
            return;
        }

        var details = health.Status == HealthStatus.Healthy ? "all checks pass" : HealthReportText.NotHealthyEntries(health);
        LogHealthChanged(_logger, health.Status == HealthStatus.Healthy ? LogLevel.Information : LogLevel.Warning, _lastHealth, summary, details);
        _lastHealth = summary;
    }

    private async Task<string> NextLineAsync(CancellationToken stoppingToken)
    {
        HealthReport? health = null;
        try
        {
            health = await _health.CheckHealthAsync(stoppingToken).ConfigureAwait(false);
            _healthFailing = false;
            ReportHealthChange(health);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            if (!_healthFailing)
            {
                LogHealthFailed(_logger, ex);
            }

            _healthFailing = true;
        }

        var endpoints = _statistics.Endpoints;
        var received = endpoints.Sum(e => e.Received);
        var dropped = endpoints.Sum(e => e.Dropped);
        var now = Time.GetTimestamp();
        var seconds = Time.GetElapsedTime(_lastTimestamp, now).TotalSeconds;
        // An endpoint a reload removed takes its count with it: that is no negative rate.
        var rate = seconds > 0 ? Math.Max(0, received - _lastReceived) / seconds : 0;
        _lastReceived = received;
        _lastTimestamp = now;
        return SystemdStatusLine.Format(endpoints.Count, rate, received, dropped, health);
    }
}
