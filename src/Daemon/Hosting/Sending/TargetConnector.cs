namespace UnixDatagram.Hosting.Sending;

/// <summary>
/// A target's way to its peer: opening a connected socket, and while the peer is gone, when and why it was lost and
/// the next attempt, with exponential back-off (<c>ReconnectMinDelay</c> doubling up to <c>ReconnectMaxDelay</c>) on a
/// <see cref="TimeProvider"/> timer. Touched only under the target's lock; the timer calls the target back.
/// </summary>
internal sealed class TargetConnector
{
    /// <summary>The longest due time a <see cref="TimeProvider"/> timer accepts.</summary>
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly UnixSocketAddress _address;
    private readonly int? _sendBufferSize;
    private readonly uint? _peerUserId;
    private readonly TimeSpan _maxDelay;
    private readonly TimeProvider _time;
    private readonly Action _attempt;
    private TimeSpan _delay;
    private ITimer? _timer;

    /// <param name="options">The target's options.</param>
    /// <param name="address">The peer's address.</param>
    /// <param name="time">The clock of the back-off timer.</param>
    /// <param name="attempt">Called on a timer thread when an attempt is due.</param>
    public TargetConnector(DatagramTargetOptions options, UnixSocketAddress address, TimeProvider time, Action attempt)
    {
        _address = address;
        _sendBufferSize = options.SendBufferSize;
        _peerUserId = options.PeerUserId;
        MinDelay = Clamp(options.ReconnectMinDelay);
        _maxDelay = Clamp(options.ReconnectMaxDelay < options.ReconnectMinDelay ? options.ReconnectMinDelay : options.ReconnectMaxDelay);
        _time = time;
        _attempt = attempt;
    }

    /// <summary>The first delay after a loss.</summary>
    public TimeSpan MinDelay { get; }

    /// <summary>When the peer was lost (or the target started without it); null while connected.</summary>
    public DateTimeOffset? DisconnectedSince { get; private set; }

    /// <summary>When the next attempt is due; null while connected.</summary>
    public DateTimeOffset? NextAttempt { get; private set; }

    /// <summary>Why the last connect or send failed; null while connected.</summary>
    public string? LastError { get; private set; }

    /// <summary>
    /// A socket connected to the peer, with the configured send buffer. A path is connected only where no other user
    /// could have put the socket (<see cref="UnixDatagramSocket.ConnectSecured"/>), checked at every attempt, since
    /// directories and who binds in them change while the daemon runs.
    /// </summary>
    /// <exception cref="UnixSocketException">The peer is not there (or another failure to connect).</exception>
    /// <exception cref="UnixDirectoryException">A directory of the peer's path is unsafe.</exception>
    /// <exception cref="UnixFileException">The socket file there is refused (another user's, a hard link).</exception>
    public UnixDatagramSocket Connect()
    {
        var socket = new UnixDatagramSocket();
        try
        {
            if (_sendBufferSize is { } size)
            {
                socket.SendBufferSize = size;
            }

            if (_address.Kind == UnixAddressKind.Path)
            {
                socket.ConnectSecured(_address, _peerUserId);
            }
            else
            {
                socket.Connect(_address);
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The target starts disconnected until its first connect succeeds.</summary>
    public void Starting() => DisconnectedSince = _time.GetUtcNow();

    /// <summary>An attempt failed: the next one is due after <see cref="MinDelay"/> (the first) or twice the last delay.</summary>
    /// <returns>The delay until the next attempt.</returns>
    public TimeSpan AttemptFailed(Exception exception, bool first)
    {
        LastError = exception.Message;
        var delay = first ? MinDelay : _delay >= _maxDelay / 2 ? _maxDelay : _delay * 2;
        Schedule(delay);
        return delay;
    }

    /// <summary>Connected: returns how long the target was without its peer.</summary>
    public TimeSpan Connected()
    {
        var now = _time.GetUtcNow();
        var downtime = now - (DisconnectedSince ?? now);
        DisconnectedSince = null;
        NextAttempt = null;
        LastError = null;
        return downtime;
    }

    /// <summary>The peer is gone: the first attempt is due after <see cref="MinDelay"/>.</summary>
    public void Lost(string error)
    {
        DisconnectedSince = _time.GetUtcNow();
        LastError = error;
        Schedule(MinDelay);
    }

    /// <summary>No more attempts; returns the timer, to dispose outside the lock.</summary>
    public ITimer? Stop()
    {
        var timer = _timer;
        _timer = null;
        return timer;
    }

    private static TimeSpan Clamp(TimeSpan delay) =>
        delay < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : delay > MaxTimerDelay ? MaxTimerDelay : delay;

    private void Schedule(TimeSpan delay)
    {
        _delay = delay;
        NextAttempt = _time.GetUtcNow() + delay;

        // Delays are at least 1 ms, so a fake clock never fires the callback inside CreateTimer/Change, under the target's lock.
        if (_timer is null)
        {
            _timer = _time.CreateTimer(static state => ((Action)state!)(), _attempt, delay, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }
}
