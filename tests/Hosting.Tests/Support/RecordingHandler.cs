using UnixDatagram.Handlers;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests;

/// <summary>Keeps a copy of everything it is handed, and lets a test await a number of datagrams.</summary>
internal sealed class RecordingHandler : IDatagramHandler
{
    private readonly Lock _lock = new();
    private readonly List<ReceivedDatagram> _received = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];

    public IReadOnlyList<ReceivedDatagram> Received
    {
        get
        {
            lock (_lock)
            {
                return [.. _received];
            }
        }
    }

    public IReadOnlyList<byte[]> Payloads => [.. Received.Select(r => r.Payload)];

    /// <summary>Completes once <paramref name="count"/> datagrams were handled.</summary>
    public Task WaitForAsync(int count)
    {
        lock (_lock)
        {
            if (_received.Count >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task;
        }
    }

    public ValueTask HandleAsync(DatagramContext context, CancellationToken cancellationToken)
    {
        var copy = new ReceivedDatagram(context.Payload.ToArray(), context.EndpointName, context.Sender, context.Credentials, context.IsTruncated, context.DatagramLength, context.CanReply);
        lock (_lock)
        {
            _received.Add(copy);
            foreach (var waiter in _waiters.Where(w => w.Count <= _received.Count))
            {
                waiter.Reached.TrySetResult();
            }
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>What a handler saw of one datagram, copied.</summary>
internal sealed record ReceivedDatagram(byte[] Payload, string Endpoint, UnixSocketAddress Sender, UnixCredentials? Credentials, bool IsTruncated, int DatagramLength, bool CanReply);
