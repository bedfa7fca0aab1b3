using UnixDatagram.Handlers;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Sending;

/// <content>Connecting, losing the peer, and reconnecting with exponential back-off on <see cref="TimeProvider"/> timers.</content>
internal sealed partial class SendTarget
{
    /// <summary>The longest due time a <see cref="TimeProvider"/> timer accepts.</summary>
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly TimeSpan _minDelay;
    private readonly TimeSpan _maxDelay;
    private DateTimeOffset? _disconnectedSince;
    private DateTimeOffset? _nextAttempt;
    private TimeSpan _delay;
    private string? _lastError;
    private ITimer? _reconnectTimer;
    private bool _started;

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
            _disconnectedSince = _time.GetUtcNow();
        }

        TryConnect(initial: true);
    }

    private static TimeSpan Clamp(TimeSpan delay) =>
        delay < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : delay > MaxTimerDelay ? MaxTimerDelay : delay;

    private void TryConnect(bool initial)
    {
        UnixDatagramSocket socket;
        try
        {
            socket = Connect();
        }
#pragma warning disable CA1031 // A timer callback must not throw: any failure means "try again later", and is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            lock (_lock)
            {
                if (_disposed)
                {
                    return;
                }

                _lastError = ex.Message;
                var delay = initial ? _minDelay : Next(_delay);
                ScheduleReconnectLocked(delay);
                if (initial)
                {
                    SenderLog.UnavailableAtStart(_logger, Name, Address.ToString(), Describe(ex), delay);
                }
                else if (ex is UnixSocketException)
                {
                    SenderLog.ReconnectFailed(_logger, Name, Address.ToString(), Describe(ex), delay);
                }
                else
                {
                    SenderLog.ReconnectFaulted(_logger, ex, Name, Address.ToString(), delay);
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

            var downtime = _time.GetUtcNow() - (_disconnectedSince ?? _time.GetUtcNow());
            _socket = socket;
            _disconnectedSince = null;
            _nextAttempt = null;
            _lastError = null;
            if (initial)
            {
                SenderLog.Connected(_logger, Name, Address.ToString());
            }
            else
            {
                SenderLog.Reconnected(_logger, Name, Address.ToString(), downtime, _pending);
            }

            if (_pending > 0)
            {
                StartPumpLocked(socket);
            }
        }
    }

    private UnixDatagramSocket Connect()
    {
        var socket = new UnixDatagramSocket();
        try
        {
            if (_sendBufferSize is { } size)
            {
                socket.SendBufferSize = size;
            }

            socket.Connect(Address);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
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
        _pumpSocket = null;
        _congestedSince = null;
        socket.Dispose();
        _disconnectedSince = _time.GetUtcNow();
        _lastError = error?.Message ?? "the socket failed";
        var released = _policy == TargetCongestionMode.Wait ? _pending : 0;
        FlushDropLogLocked();
        ScheduleReconnectLocked(_minDelay);

        // Logged before the waiting senders learn of it, so whoever reacts to PeerUnavailable finds the reason in the log.
        SenderLog.PeerLost(_logger, Name, Address.ToString(), error?.ErrorName ?? "socket failure", _minDelay, _pending - released, released);

        while (released > 0 && _queue.First is { } node)
        {
            Statistics.CountPeerUnavailable();
            CompleteLocked(node.Value, SendResult.PeerUnavailable);
        }
    }

    private void ScheduleReconnectLocked(TimeSpan delay)
    {
        _delay = delay;
        _nextAttempt = _time.GetUtcNow() + delay;

        // Delays are at least 1 ms, so a fake clock never fires the callback inside CreateTimer/Change, under our lock.
        if (_reconnectTimer is null)
        {
            _reconnectTimer = _time.CreateTimer(static state => ((SendTarget)state!).OnReconnectTimer(), this, delay, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _reconnectTimer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnReconnectTimer()
    {
        lock (_lock)
        {
            if (_disposed || _socket is not null)
            {
                return;
            }
        }

        TryConnect(initial: false);
    }

    private TimeSpan Next(TimeSpan delay) => delay >= _maxDelay / 2 ? _maxDelay : delay * 2;

    private static string Describe(Exception exception) => exception is UnixSocketException socketError ? socketError.ErrorName + ": " + socketError.Message : exception.Message;
}
