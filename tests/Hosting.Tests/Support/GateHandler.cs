using UnixDatagram.Handlers;

namespace UnixDatagram.Hosting.Tests;

/// <summary>
/// Records each datagram as it enters, then holds it until the gate opens. Honouring the token, a wait ends with the
/// handler cancelled; ignoring it, the handler stays until the gate opens (a handler that never finishes).
/// </summary>
internal sealed class GateHandler(bool honourCancellation = true) : IDatagramHandler
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly RecordingHandler _entered = new();
    private int _completed;
    private int _cancelledCount;

    public IReadOnlyList<byte[]> Entered => _entered.Payloads;

    public int Completed => Volatile.Read(ref _completed);

    public int CancelledCount => Volatile.Read(ref _cancelledCount);

    /// <summary>Completes when a handler saw its token cancelled.</summary>
    public Task Cancelled => _cancelled.Task;

    public Task WaitEnteredAsync(int count) => _entered.WaitForAsync(count);

    public void Open() => _gate.TrySetResult();

    public async ValueTask HandleAsync(DatagramContext context, CancellationToken cancellationToken)
    {
        await _entered.HandleAsync(context, cancellationToken);
        try
        {
            await (honourCancellation ? _gate.Task.WaitAsync(cancellationToken) : _gate.Task);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _cancelledCount);
            _cancelled.TrySetResult();
            throw;
        }

        Interlocked.Increment(ref _completed);
    }
}
