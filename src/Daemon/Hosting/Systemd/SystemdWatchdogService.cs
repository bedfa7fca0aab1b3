using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
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
internal sealed class SystemdWatchdogService : BackgroundService
{
    private static readonly ServiceState Ping = new("WATCHDOG=1");

    private readonly ISystemdNotifier _notifier;
    private readonly HealthCheckService _health;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan? _timeout;
    private readonly string? _inactiveBecause;
    private PeriodicTimer? _timer;

    /// <summary>Reads <c>WATCHDOG_USEC</c> and <c>WATCHDOG_PID</c> from this process's environment; the container calls this.</summary>
    public SystemdWatchdogService(ISystemdNotifier notifier, HealthCheckService health, TimeProvider time, ILoggerFactory loggerFactory)
        : this(notifier, health, time, LogCategory.For<SystemdWatchdogService>(loggerFactory), Environment.GetEnvironmentVariable, Environment.ProcessId)
    {
    }

    /// <summary>For testing: the environment and process id are given.</summary>
    internal SystemdWatchdogService(ISystemdNotifier notifier, HealthCheckService health, TimeProvider time, ILogger logger, Func<string, string?> environment, int processId)
    {
        _notifier = notifier;
        _health = health;
        _time = time;
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

    /// <summary>Starts the period now, so it counts from start and not from whenever the background task first runs.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (PingInterval is { } interval)
        {
            _timer = new PeriodicTimer(interval, _time);
        }

        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_timer is null || _timeout is not { } timeout)
        {
            LogInactive(_logger, _inactiveBecause ?? "not started");
            return;
        }

        LogActive(_logger, timeout, WatchdogInterval.PingInterval(timeout));
        var withholding = false;
        var notifyFailing = false;
        try
        {
            while (await _timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var report = await CheckHealthAsync(stoppingToken).ConfigureAwait(false);
                if (report is null || report.Status == HealthStatus.Unhealthy)
                {
                    // Once when the pings stop, not on every tick while they stay stopped.
                    if (report is not null && !withholding)
                    {
                        LogWithheld(_logger, HealthReportText.UnhealthyEntries(report), timeout);
                    }

                    withholding = true;
                    continue;
                }

                try
                {
                    _notifier.Notify(Ping);
                    notifyFailing = false;
                }
                catch (SocketException ex)
                {
                    if (!notifyFailing)
                    {
                        LogNotifyFailed(_logger, ex.Message, ex);
                    }

                    notifyFailing = true;
                    continue;
                }

                if (withholding)
                {
                    LogResumed(_logger, report.Status);
                    withholding = false;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: systemd stops expecting pings once it has STOPPING=1.
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
