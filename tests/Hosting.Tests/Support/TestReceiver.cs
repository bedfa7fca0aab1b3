using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests;

/// <summary>A bound peer that reads only when told to, so tests decide when a sender sees congestion.</summary>
internal sealed class TestReceiver : IDisposable
{
    private readonly UnixDatagramSocket _socket = new();
    private readonly List<byte[]> _received = [];
    private readonly Lock _lock = new();
    private (int Count, TaskCompletionSource Done)? _waiter;

    public TestReceiver(string path)
    {
        _socket.Bind(path);
    }

    public IReadOnlyList<byte[]> Received
    {
        get
        {
            lock (_lock)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Starts reading: every datagram is copied into <see cref="Received"/>.</summary>
    public void Start()
    {
        _socket.Message += (_, e) =>
        {
            lock (_lock)
            {
                _received.Add(e.Payload.ToArray());
                if (_waiter is { } w && _received.Count >= w.Count)
                {
                    w.Done.TrySetResult();
                }
            }
        };
        _socket.StartReceiving();
    }

    /// <summary>Completes once <paramref name="count"/> datagrams have arrived; fails after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<byte[]>> WaitForAsync(int count, TimeSpan timeout)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_received.Count >= count)
            {
                return [.. _received];
            }

            _waiter = (count, done);
        }

        await done.Task.WaitAsync(timeout);
        return Received;
    }

    public void Dispose() => _socket.Dispose();
}
