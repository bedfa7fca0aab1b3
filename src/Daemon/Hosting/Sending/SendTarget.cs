namespace UnixDatagram.Hosting.Sending;

/// <summary>
/// One configured target: one connected socket and the journey of a send over it. Its congestion and queue are a
/// <see cref="TargetQueue"/>; its way back to a lost peer is a <see cref="TargetConnector"/>, whose failures a
/// <see cref="ConnectFailureLog"/> reports; starting, losing the peer and stopping are in <c>SendTarget.Lifecycle.cs</c>.
/// </summary>
/// <remarks>
/// The uncongested path takes no lock and allocates nothing: with a connected socket and an empty queue a send goes
/// straight to the kernel. Everything else happens under <see cref="_lock"/>, which the queue and the connector share.
/// A queued datagram leaves the queue only after the kernel took it, so a send never overtakes one queued before it.
/// The queue drains when the kernel reports the socket writable (<see cref="UnixDatagramSocket.Writable"/>, raised on
/// the transport's I/O thread), so a congested send allocates nothing once warm either.
/// </remarks>
internal sealed partial class SendTarget : IDisposable, IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly TargetQueue _queue;
    private readonly TargetConnector _connector;
    private readonly ILogger _logger;
    private readonly string _path;
    private readonly ConnectFailureLog _connectFailures;
    private readonly EventHandler _onWritable;
    private UnixDatagramSocket? _socket;
    private bool _started;
    private bool _disposed;

    /// <param name="options">The target's options.</param>
    /// <param name="key">Its <c>Path</c>'s configuration key, such as <c>Daemon:Targets:0:Path</c>, for messages.</param>
    /// <param name="address">The peer's resolved address.</param>
    /// <param name="statistics">Its counters.</param>
    /// <param name="time">The clock of the back-off and of congestion.</param>
    /// <param name="logger">Where its events go.</param>
    public SendTarget(DatagramTargetOptions options, string key, UnixSocketAddress address, TargetStatistics statistics, TimeProvider time, ILogger logger)
    {
        _path = address.ToString();
        _connectFailures = new ConnectFailureLog(logger, options.Name, key, _path);
        Options = options;
        Name = options.Name;
        Address = address;
        Statistics = statistics;
        UnhealthyAfter = options.UnhealthyAfter;
        _queue = new TargetQueue(_lock, options, _path, statistics, time, logger);
        _connector = new TargetConnector(options, address, time, OnReconnectDue);
        _logger = logger;
        _onWritable = OnWritable;
    }

    public string Name { get; }

    /// <summary>The options it was created with, to tell whether a reload changes it.</summary>
    public DatagramTargetOptions Options { get; }

    /// <summary>The peer's resolved address.</summary>
    public UnixSocketAddress Address { get; }

    public TargetStatistics Statistics { get; }

    public TimeSpan UnhealthyAfter { get; }

    public TargetCongestionMode Policy => _queue.Policy;

    public int QueueCapacity => _queue.Capacity;

    /// <summary>Sends one datagram, following the policy when congested. See <see cref="IDatagramSender.SendAsync"/>.</summary>
    /// <exception cref="UnixSocketException">A failure that is not congestion or peer loss, such as <c>EMSGSIZE</c> (counted as Failed).</exception>
    /// <exception cref="ObjectDisposedException">The sender was disposed.</exception>
    public ValueTask<SendResult> SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var socket = Volatile.Read(ref _socket);
        if (socket is null || _queue.Count != 0)
        {
            return SendSlow(payload, knownCongested: false, cancellationToken);
        }

        SendResult result;
        try
        {
            result = Send(socket, payload.Span);
        }
        catch (ObjectDisposedException)
        {
            // Closed under us by another thread (peer lost, or disposal): decide again under the lock.
            return SendSlow(payload, knownCongested: false, cancellationToken);
        }

        return result == SendResult.Congested ? SendSlow(payload, knownCongested: true, cancellationToken) : new ValueTask<SendResult>(CountPeerUnavailable(result));
    }

    /// <summary>A consistent view of the state, the queue and the last error.</summary>
    public TargetSnapshot Snapshot()
    {
        lock (_lock)
        {
            var connected = _socket is not null;
            var congestedSince = connected ? _queue.CongestedSince : null;
            return new TargetSnapshot(
                !connected ? TargetState.Disconnected : congestedSince is null ? TargetState.Connected : TargetState.Congested,
                congestedSince,
                connected ? null : _connector.DisconnectedSince,
                _queue.Count,
                _queue.Count - _queue.Copies,
                _connector.LastError,
                connected ? null : _connector.NextAttempt);
        }
    }

    public override string ToString() => $"target '{Name}' -> {Address}";

    /// <summary>
    /// Decides under the lock what happens to a datagram that could not take the fast path: the peer is gone, the
    /// queue is not empty (order), or the kernel just reported congestion (<paramref name="knownCongested"/>).
    /// </summary>
    private ValueTask<SendResult> SendSlow(ReadOnlyMemory<byte> payload, bool knownCongested, CancellationToken cancellationToken)
    {
        PendingDatagram entry;
        ValueTask<SendResult> task;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_socket is not { } socket)
            {
                return new ValueTask<SendResult>(CountPeerUnavailable(SendResult.PeerUnavailable));
            }

            if (_queue.Count == 0 && !knownCongested && Send(socket, payload.Span) is var result && result != SendResult.Congested)
            {
                return new ValueTask<SendResult>(CountPeerUnavailable(result));
            }

            // Congested now, or behind a queue that waits for room: wait in line, do not overtake.
            _queue.BeginCongestion();
            switch (_queue.Policy)
            {
                case TargetCongestionMode.Fail:
                    return new ValueTask<SendResult>(SendResult.Congested);

                case TargetCongestionMode.DropNewest:
                    if (_queue.Copies >= _queue.Capacity)
                    {
                        _queue.Drop();
                        return new ValueTask<SendResult>(SendResult.Dropped);
                    }

                    _queue.EnqueueCopy(payload, awaited: false, default);
                    DrainIfWritable(socket);
                    return new ValueTask<SendResult>(SendResult.Queued);

                default:
                    if (cancellationToken.IsCancellationRequested)
                    {
                        return ValueTask.FromCanceled<SendResult>(cancellationToken);
                    }

                    // Within capacity the datagram is copied; beyond it the caller, who awaits, lends its buffer: that is the backpressure.
                    entry = _queue.Copies < _queue.Capacity
                        ? _queue.EnqueueCopy(payload, awaited: true, cancellationToken)
                        : _queue.EnqueueBorrowed(payload, cancellationToken);
                    task = entry.Task;
                    DrainIfWritable(socket);
                    break;
            }
        }

        if (cancellationToken.CanBeCanceled)
        {
            // Registered outside the lock: a token cancelled meanwhile runs the callback right here, and it takes the lock.
            entry.RegisterCancellation(_lock, cancellationToken);
        }

        return task;
    }

    /// <summary>
    /// One non-blocking send: Sent (counted), Congested (the socket reports <see cref="UnixDatagramSocket.Writable"/>
    /// later), or PeerUnavailable, when Transport says the peer is gone: then the socket is lost and a reconnect
    /// scheduled. Any other failure is counted as Failed and thrown.
    /// </summary>
    private SendResult Send(UnixDatagramSocket socket, ReadOnlySpan<byte> payload)
    {
        try
        {
            if (socket.Send(payload) == SendStatus.Congested)
            {
                return SendResult.Congested;
            }
        }
        catch (UnixSocketException ex) when (ex.IsPeerGone)
        {
            lock (_lock)
            {
                LoseSocketLocked(socket, ex);
            }

            return SendResult.PeerUnavailable;
        }
        catch (UnixSocketException)
        {
            Statistics.CountFailed();
            throw;
        }

        Statistics.CountSent(payload.Length);
        return SendResult.Sent;
    }

    private SendResult CountPeerUnavailable(SendResult result)
    {
        if (result == SendResult.PeerUnavailable)
        {
            Statistics.CountPeerUnavailable();
        }

        return result;
    }

    /// <summary>The kernel reports room (on the transport's I/O thread, after a congested send): the queue goes first.</summary>
    private void OnWritable(object? sender, EventArgs e)
    {
        lock (_lock)
        {
            if (_disposed || _socket is not { } socket || !ReferenceEquals(sender, socket))
            {
                return;
            }

            try
            {
                DrainLocked(socket);
            }
#pragma warning disable CA1031 // Nothing may escape to the I/O thread, and the queued callers' tasks must complete: a broken socket is replaced.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                SendingLog.LogSocketFailed(_logger, ex, Name, _path);
                LoseSocketLocked(socket, ex as UnixSocketException);
            }
        }
    }

    /// <summary>
    /// Drains the queue now unless the socket is still congested, in which case <see cref="UnixDatagramSocket.Writable"/>
    /// follows. (It may already have been raised between the congested send and the lock: then nobody else drains.)
    /// </summary>
    private void DrainIfWritable(UnixDatagramSocket socket)
    {
        if (!socket.IsCongested)
        {
            DrainLocked(socket);
        }
    }

    /// <summary>
    /// Sends queued datagrams in order until the queue is empty (the congestion ends), the kernel is full again, or the
    /// peer is gone. A datagram that can never go (say, <c>EMSGSIZE</c>) fails alone; the ones behind it still go.
    /// </summary>
    private void DrainLocked(UnixDatagramSocket socket)
    {
        while (_queue.First is { } entry)
        {
            SendResult result;
            try
            {
                result = Send(socket, entry.Span);
            }
            catch (UnixSocketException ex)
            {
                _queue.Fail(entry, ex);
                continue;
            }

            if (result == SendResult.Congested)
            {
                _queue.BeginCongestion();
                return;
            }

            if (result == SendResult.PeerUnavailable)
            {
                return;
            }

            _queue.Complete(entry, SendResult.Sent);
        }

        _queue.EndCongestion();
    }
}
