using UnixDatagram.Handlers;

namespace UnixDatagram.Hosting.Tests.Listener;

/// <summary>Keeps a copy of every payload it sees and completes <see cref="Reached"/> when it has seen <see cref="Expected"/>.</summary>
internal sealed class RecordingHandler : IDatagramHandler
{
    private readonly Lock _lock = new();
    private readonly List<byte[]> _payloads = [];
    private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Expected { get; private set; } = int.MaxValue;

    public Task Reached => _reached.Task;

    public IReadOnlyList<byte[]> Payloads
    {
        get
        {
            lock (_lock)
            {
                return [.. _payloads];
            }
        }
    }

    public List<DatagramSnapshot> Contexts { get; } = [];

    public void Expect(int count)
    {
        lock (_lock)
        {
            Expected = count;
            _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_payloads.Count >= count)
            {
                _reached.TrySetResult();
            }
        }
    }

    public ValueTask HandleAsync(DatagramContext context, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _payloads.Add(context.Payload.ToArray());
            Contexts.Add(new DatagramSnapshot(context.EndpointName, context.Sender.ToString(), context.Credentials, context.IsTruncated, context.DatagramLength));
            if (_payloads.Count >= Expected)
            {
                _reached.TrySetResult();
            }
        }

        return ValueTask.CompletedTask;
    }
}

internal sealed record DatagramSnapshot(string Endpoint, string Sender, UnixDatagram.Transport.UnixCredentials? Credentials, bool IsTruncated, int DatagramLength);
