namespace UnixDatagram.Transport.Tests;

/// <summary>The Node application's side of congestion: a queue of payloads the socket refused, resent on Writable.</summary>
internal sealed class QueueingSender
{
    private readonly UnixDatagramSocket _socket;
    private readonly Lock _gate = new();
    private readonly LinkedList<byte[]> _queue = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _congested;

    public QueueingSender(UnixDatagramSocket socket)
    {
        _socket = socket;
        socket.Congestion += (_, e) =>
        {
            // Raised inside Send, on the thread that holds _gate: the refused payload goes back to the front.
            CongestionEvents++;
            _congested = true;
            _queue.AddFirst(e.Payload.ToArray());
        };
        socket.Writable += (_, _) => Flush();
    }

    public int CongestionEvents { get; private set; }

    public int CongestedSends { get; private set; }

    public int WritableEvents { get; private set; }

    public Task Drained => _drained.Task;

    public void SendOrQueue(byte[] payload)
    {
        lock (_gate)
        {
            if (_congested || _queue.Count > 0)
            {
                _queue.AddLast(payload);
                return;
            }

            Send(payload);
        }
    }

    private void Flush()
    {
        lock (_gate)
        {
            WritableEvents++;
            _congested = false;
            while (!_congested && _queue.First is { } next)
            {
                _queue.RemoveFirst();
                Send(next.Value);
            }

            if (_queue.Count == 0)
            {
                _drained.TrySetResult();
            }
        }
    }

    private void Send(byte[] payload)
    {
        if (_socket.Send(payload) == SendStatus.Congested)
        {
            CongestedSends++;
        }
    }
}
