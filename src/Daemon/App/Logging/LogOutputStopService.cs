namespace UnixDatagram.Daemon;

/// <summary>
/// Tells the log output when the host starts stopping (<see cref="LogOutputDrain.BeginStop"/>), before anything else
/// the stop runs logs: its callback on <see cref="IHostApplicationLifetime.ApplicationStopping"/> is registered once
/// every service has started, and a token runs its callbacks last registered first. So the host's own
/// "Application is shutting down" line (<c>ConsoleLifetime</c>, on the signal's thread) already finds the wait for
/// room bounded when stderr is not read and the log queue is full.
/// </summary>
internal sealed class LogOutputStopService(IHostApplicationLifetime lifetime) : IHostedLifecycleService, IDisposable
{
    private CancellationTokenRegistration _stopping;

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        _stopping = lifetime.ApplicationStopping.Register(LogOutputDrain.BeginStop);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public void Dispose() => _stopping.Dispose();
}
