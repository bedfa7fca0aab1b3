namespace UnixDatagram.Hosting.Systemd;

/// <summary>
/// Once every hosted service has started (so every endpoint has taken its socket), warns about the sockets systemd
/// passed that no endpoint took. Resolving it also reads and clears the activation variables early in start.
/// </summary>
internal sealed class SocketActivationReporter(SystemdSocketActivation activation) : IHostedLifecycleService
{
    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        activation.ReportUntaken();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
