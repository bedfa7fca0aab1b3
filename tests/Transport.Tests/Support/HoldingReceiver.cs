namespace UnixDatagram.Transport.Tests;

/// <summary>Holds the first datagrams undisposed, as a slow consumer would, then takes the rest as they come.</summary>
internal sealed class HoldingReceiver(int holdFirst) : IDatagramReceiver
{
    private readonly Lock _gate = new();
    private readonly List<Datagram> _held = [];
    private readonly List<int> _values = [];
    private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _until;
    private int _untilCount;
    private int _out;
    private bool _released;

    public Task Holding => _holding.Task;

    public int MostHeld { get; private set; }

    public void OnDatagram(Datagram datagram)
    {
        lock (_gate)
        {
            _values.Add(BitConverter.ToInt32(datagram.Span));
            _out++;
            MostHeld = Math.Max(MostHeld, _out);
            if (!_released)
            {
                _held.Add(datagram);
                if (_held.Count == holdFirst)
                {
                    _holding.TrySetResult();
                }
            }
            else
            {
                _out--;
                datagram.Dispose();
            }

            if (_until is not null && _values.Count >= _untilCount)
            {
                _until.TrySetResult();
            }
        }
    }

    public void OnReceiveError(UnixSocketException exception) => _holding.TrySetException(exception);

    public void ReleaseHeld()
    {
        lock (_gate)
        {
            _released = true;
            foreach (var datagram in _held)
            {
                _out--;
                datagram.Dispose();
            }

            _held.Clear();
        }
    }

    public async Task<List<int>> UntilAsync(int count)
    {
        Task wait;
        lock (_gate)
        {
            _untilCount = count;
            _until = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_values.Count >= count)
            {
                _until.TrySetResult();
            }

            wait = _until.Task;
        }

        await wait.Within();
        lock (_gate)
        {
            return [.. _values];
        }
    }
}
