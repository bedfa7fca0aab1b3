using Microsoft.Extensions.Hosting.Systemd;

namespace UnixDatagram.Hosting.Systemd;

/// <summary>
/// A service that sends systemd a notification once every period of a <see cref="PeriodicTimer"/> on the
/// <see cref="TimeProvider"/>: the watchdog ping and the status line. The period starts at
/// <see cref="StartAsync"/>, not whenever the background task first runs; a notification that cannot be sent is
/// reported once until one is sent again.
/// </summary>
internal abstract class PeriodicNotifyService : BackgroundService
{
    private PeriodicTimer? _timer;

    /// <summary>Creates the service.</summary>
    protected PeriodicNotifyService(ISystemdNotifier notifier, TimeProvider time)
    {
        Notifier = notifier;
        Time = time;
    }

    /// <summary>Where the notifications go.</summary>
    protected ISystemdNotifier Notifier { get; }

    /// <summary>The clock of the timer.</summary>
    protected TimeProvider Time { get; }

    /// <summary>The period; null when the service is inactive. Read once, at start.</summary>
    protected abstract TimeSpan? Period { get; }

    /// <summary>True once started with a period.</summary>
    protected bool IsActive => _timer is not null;

    /// <summary>Starts the period now.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (Period is { } period)
        {
            _timer = new PeriodicTimer(period, Time);
        }

        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    /// <summary>What to send on this tick; null to send nothing this time.</summary>
    protected abstract Task<ServiceState?> NextStateAsync(CancellationToken stoppingToken);

    /// <summary>Reports that a notification could not be sent; called once until one is sent again.</summary>
    protected abstract void OnNotifyFailed(SocketException exception);

    /// <summary>Called after a notification was sent.</summary>
    protected virtual void OnNotified()
    {
    }

    /// <summary>Sends <see cref="NextStateAsync"/> on every tick until stopped; returns at once when inactive.</summary>
    protected async Task NotifyEveryPeriodAsync(CancellationToken stoppingToken)
    {
        if (_timer is null)
        {
            return;
        }

        var failing = false;
        try
        {
            while (await _timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (await NextStateAsync(stoppingToken).ConfigureAwait(false) is not { } state)
                {
                    continue;
                }

                try
                {
                    Notifier.Notify(state);
                    failing = false;
                }
                catch (SocketException ex)
                {
                    if (!failing)
                    {
                        OnNotifyFailed(ex);
                    }

                    failing = true;
                    continue;
                }

                OnNotified();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: systemd expects no more notifications once it has STOPPING=1.
        }
    }
}
