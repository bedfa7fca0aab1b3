namespace UnixDatagram.Hosting.Sending;

/// <summary>Connects the send targets when the host starts, and stops them (reporting what was left unsent) when it stops.</summary>
/// <remarks>
/// Hosted services stop in reverse order of registration: registered before the listener, this one stops after it,
/// so handlers that forward through <see cref="UnixDatagram.Handlers.IDatagramSender"/> finish first.
/// </remarks>
internal sealed class DatagramSenderService(DatagramSender sender) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        sender.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => sender.DisposeAsync().AsTask().WaitAsync(cancellationToken);
}
