using UnixDatagram.Handlers;

namespace UnixDatagram.Hosting.Tests;

/// <summary>
/// Holds each datagram until the test lets it through (<see cref="Let"/>), ignoring cancellation, as a handler that
/// never finishes on its own; records each as it enters and as it finishes.
/// </summary>
internal sealed class PermitHandler : IDatagramHandler, IDisposable
{
    private readonly SemaphoreSlim _permits = new(0);
    private readonly RecordingHandler _entered = new();
    private readonly RecordingHandler _finished = new();

    public IReadOnlyList<byte[]> Finished => _finished.Payloads;

    public Task WaitEnteredAsync(int count) => _entered.WaitForAsync(count);

    public Task WaitFinishedAsync(int count) => _finished.WaitForAsync(count);

    /// <summary>Lets <paramref name="count"/> more datagrams finish.</summary>
    public void Let(int count) => _permits.Release(count);

    public async ValueTask HandleAsync(DatagramContext context, CancellationToken cancellationToken)
    {
        await _entered.HandleAsync(context, cancellationToken);
        await _permits.WaitAsync(CancellationToken.None);
        await _finished.HandleAsync(context, cancellationToken);
    }

    public void Dispose() => _permits.Dispose();
}
