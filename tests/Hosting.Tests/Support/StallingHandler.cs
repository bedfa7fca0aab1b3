using System.Text;
using UnixDatagram.Handlers;

namespace UnixDatagram.Hosting.Tests;

/// <summary>Hangs on a datagram that says <c>stall</c> until its token is cancelled; returns at once for anything else.</summary>
internal sealed class StallingHandler : IDatagramHandler
{
    private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Stalled => _stalled.Task;

    public Task Cancelled => _cancelled.Task;

    public async ValueTask HandleAsync(DatagramContext context, CancellationToken cancellationToken)
    {
        if (Encoding.UTF8.GetString(context.Payload.Span) != "stall")
        {
            return;
        }

        _stalled.TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            _cancelled.TrySetResult();
            throw;
        }
    }
}
