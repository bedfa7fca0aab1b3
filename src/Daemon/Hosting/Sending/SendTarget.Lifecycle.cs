namespace UnixDatagram.Hosting.Sending;

/// <content>Connecting, losing the peer, reconnecting (when <see cref="TargetConnector"/> says an attempt is due), and stopping.</content>
internal sealed partial class SendTarget
{
    /// <summary>
    /// Connects for the first time. A missing peer is not a failure: the target starts Disconnected, logs a warning
    /// and retries with back-off. Idempotent.
    /// </summary>
    public void Start()
    {
        lock (_lock)
        {
            if (_started || _disposed)
            {
                return;
            }

            _started = true;
            _connector.Starting();
        }

        TryConnect(first: true);
    }

    /// <summary>
    /// Stops the target. Datagrams still queued are counted as dropped and logged; a sender still awaiting one (policy
    /// Wait) gets <see cref="SendResult.Dropped"/>. Later sends throw <see cref="ObjectDisposedException"/>. Idempotent.
    /// </summary>
    public void Dispose()
    {
        UnixDatagramSocket? socket;
        ITimer? timer;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            // A drain running on the I/O thread holds the lock: once we have it, none runs, and none will.
            _disposed = true;
            socket = _socket;
            _socket = null;
            timer = _connector.Stop();
            var left = _queue.CompleteAll(SendResult.Dropped);
            _queue.ForgetCongestion();
            if (left > 0)
            {
                SendingLog.LogLeftAtStop(_logger, Name, _path, left);
            }
        }

        timer?.Dispose();
        socket?.Dispose();
    }

    /// <summary>Stops the target as <see cref="Dispose"/> does (nothing of it runs on afterwards).</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void OnReconnectDue()
    {
        lock (_lock)
        {
            if (_disposed || _socket is not null)
            {
                return;
            }
        }

        TryConnect(first: false);
    }

    private void TryConnect(bool first)
    {
        UnixDatagramSocket socket;
        try
        {
            socket = _connector.Connect();
        }
#pragma warning disable CA1031 // A timer callback must not throw: any failure means "try again later", and is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            lock (_lock)
            {
                if (!_disposed)
                {
                    _connectFailures.Report(ex, first, _connector.AttemptFailed(ex, first));
                }
            }

            return;
        }

        lock (_lock)
        {
            if (_disposed)
            {
                socket.Dispose();
                return;
            }

            var downtime = _connector.Connected();
            _connectFailures.Connected();
            socket.Writable += _onWritable;
            Volatile.Write(ref _socket, socket);
            if (first)
            {
                SendingLog.LogConnected(_logger, Name, _path);
            }
            else
            {
                SendingLog.LogReconnected(_logger, Name, _path, downtime, _queue.Count);
            }

            if (_queue.Count > 0)
            {
                DrainLocked(socket);
            }
        }
    }

    /// <summary>
    /// The peer is gone (or the socket broke): close the socket, go Disconnected, schedule a reconnect. With policy
    /// Wait the waiting senders are told PeerUnavailable (each counted); with DropNewest, whose callers were already
    /// told Queued, the queue is kept for the reconnect (it stays bounded by QueueCapacity). Nothing is silent: the
    /// warning says how many of each.
    /// </summary>
    private void LoseSocketLocked(UnixDatagramSocket socket, UnixSocketException? error)
    {
        if (!ReferenceEquals(_socket, socket))
        {
            return;
        }

        _socket = null;
        socket.Dispose();
        _queue.ForgetCongestion();
        _connector.Lost(error?.Message ?? "the socket failed");
        var released = _queue.Policy == TargetCongestionMode.Wait ? _queue.Count : 0;

        // Logged before the waiting senders learn of it, so whoever reacts to PeerUnavailable finds the reason in the log.
        SendingLog.LogPeerLost(_logger, Name, _path, error?.ErrorName ?? "socket failure", _connector.MinDelay, _queue.Count - released, released);
        if (released > 0)
        {
            _queue.CompleteAll(SendResult.PeerUnavailable);
        }
    }
}
