using Microsoft.Extensions.Hosting.Systemd;
using static UnixDatagram.Hosting.Systemd.SystemdLog.Watchdog;
using UnixDatagram.Hosting.Diagnostics;

namespace UnixDatagram.Hosting.Systemd;

/// <summary>
/// Sends <c>WATCHDOG=1</c> every <c>WATCHDOG_USEC/2</c> while the health checks are not Unhealthy, so systemd
/// (<c>WatchdogSec=</c>) restarts a daemon that is wedged or broken. While Unhealthy the ping is withheld and a
/// warning names the unhealthy entries; pings resume when health does.
/// </summary>
/// <remarks>
/// Inactive (it returns at once and logs at Debug) when <see cref="ISystemdNotifier.IsEnabled"/> is false (no
/// <c>NOTIFY_SOCKET</c>) or systemd asked for no watchdog. The first ping goes one interval after start, well within
/// the timeout, so health checks see bound endpoints.
/// </remarks>
internal sealed class SystemdWatchdogService : PeriodicNotifyService
{
    private static readonly ServiceState Ping = new("WATCHDOG=1");

    private readonly HealthCheckService _health;
    private readonly ILogger _logger;
    private readonly TimeSpan? _timeout;
    private readonly string? _inactiveBecause;
    private bool _withholding;
    private HealthStatus _status;

    /// <summary>Reads <c>WATCHDOG_USEC</c> and <c>WATCHDOG_PID</c> from this process's environment; the container calls this.</summary>
    public SystemdWatchdogService(ISystemdNotifier notifier, HealthCheckService health, TimeProvider time, ILoggerFactory loggerFactory)
        : this(notifier, health, time, LogCategory.For<SystemdWatchdogService>(loggerFactory), Environment.GetEnvironmentVariable, Environment.ProcessId)
    {
    }

    /// <summary>For testing: the environment and process id are given.</summary>
    internal SystemdWatchdogService(ISystemdNotifier notifier, HealthCheckService health, TimeProvider time, ILogger logger, Func<string, string?> environment, int processId)
        : base(notifier, time)
    {
        _health = health;
        _logger = logger;
        if (!notifier.IsEnabled)
        {
            _inactiveBecause = "NOTIFY_SOCKET is not set (not started by systemd with Type=notify)";
        }
        else if (WatchdogInterval.TryRead(environment, processId, out var timeout, out var reason))
        {
            _timeout = timeout;
        }
        else
        {
            _inactiveBecause = reason;
        }
    }

    /// <summary>How often a ping is due; null when the watchdog is inactive.</summary>
    internal TimeSpan? PingInterval => _timeout is { } timeout ? WatchdogInterval.PingInterval(timeout) : null;

    /// <inheritdoc />
    protected override TimeSpan? Period => PingInterval;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!IsActive || _timeout is not { } timeout)
        {
            LogInactive(_logger, _inactiveBecause ?? "not started");
            return;
        }

        LogActive(_logger, timeout, WatchdogInterval.PingInterval(timeout));
        await NotifyEveryPeriodAsync(stoppingToken).ConfigureAwait(false);
    }

    /// <summary>The ping while health is not Unhealthy; null (no ping) while it is, or while it cannot be checked.</summary>
    protected override async Task<ServiceState?> NextStateAsync(CancellationToken stoppingToken)
    {
        var report = await CheckHealthAsync(stoppingToken).ConfigureAwait(false);
        if (report is null || report.Status == HealthStatus.Unhealthy)
        {
            // Once when the pings stop, not on every tick while they stay stopped.
            if (report is not null && !_withholding)
            {
                LogWithheld(_logger, HealthReportText.UnhealthyEntries(report), _timeout.GetValueOrDefault());
            }

            _withholding = true;
            return null;
        }

        _status = report.Status;
        return Ping;
    }

    /// <inheritdoc />
    protected override void OnNotifyFailed(SocketException exception) => LogNotifyFailed(_logger, exception.Message, exception);

    /// <summary>Reports once that pings resumed after being withheld.</summary>
    protected override void OnNotified()
    {
        if (_withholding)
        {
            LogResumed(_logger, _status);
            _withholding = false;
        }
    }

    /// <summary>Runs the health checks; null (and an error logged) when the health check service itself fails.</summary>
    private async Task<HealthReport?> CheckHealthAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await _health.CheckHealthAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // A health system that cannot answer is no reason to believe the daemon is well: no ping.
            LogHealthFailed(_logger, ex);
            return null;
        }
    }
}
