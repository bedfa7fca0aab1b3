using static UnixDatagram.Hosting.Endpoints.EndpointsLog;

namespace UnixDatagram.Hosting.Endpoints;

/// <content>Graceful stop: stop reading, let in-flight handlers finish within the timeout, account for the rest.</content>
internal sealed partial class DatagramEndpoint
{
    /// <summary>The longest wait <see cref="Task.WaitAsync(TimeSpan, TimeProvider)"/> takes; anything longer waits without a limit.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>
    /// Stops reading, waits up to <paramref name="timeout"/> for queued and running datagrams, then closes the
    /// endpoint: whatever is still queued or running, or still in the kernel queue, is counted as dropped (each
    /// datagram once) and the running handlers are cancelled. Finally closes the socket, removing its file if it is
    /// still ours.
    /// </summary>
    public async Task StopAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopping, 1) != 0)
        {
            return;
        }

        var started = _time.GetTimestamp();
        try
        {
            // Once the loop has finished its batch, nothing more is taken from the kernel queue.
            await Socket.StopReceivingAsync(cancellationToken).WaitAsync(timeout >= MaxWait ? Timeout.InfiniteTimeSpan : timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // A handler running in place holds the receive thread; the drain below times out and abandons it.
        }

        // The I/O thread may still deliver the rest of a batch after StopReceiving, so "drained" is only final when it
        // is decided under the lock together with closing; a late datagram either gets handled or is counted dropped.
        var timedOut = !await DrainAsync(started, timeout, cancellationToken).ConfigureAwait(false);

        var (queued, abandoned) = timedOut ? CloseAndAbandon() : (0, 0);
        var unread = 0;
        if (Socket.IsAdopted)
        {
            // systemd keeps this socket and passes it to the next instance: what is queued is left for it, not lost.
            LeaveQueued();
        }
        else
        {
            // Refuse new datagrams first (senders get EPIPE), so the count of those still queued is final.
            TryShutdownReceive();
            unread = CountUnread();
        }

        var lost = queued + abandoned + unread;
        _stats.CountDropped(lost);
        if (timedOut)
        {
            LogLeftUnhandled(_logger, Name, abandoned, queued, unread, timeout);
        }
        else if (unread > 0)
        {
            LogUnreadAtStop(_logger, Name, unread);
        }

        Socket.Close();
        LogStopped(_logger, Name, _stats.Received, _stats.Handled, _stats.Failed, _stats.TimedOut, _stats.Dropped, _stats.Truncated, _options.WhenTruncated, _stats.Rejected, _stats.Suppressed, _stats.SelfSent, _stats.ReplyDropped);
    }

    /// <summary>Closes the endpoint if nothing is queued or running; otherwise returns a task that completes when that becomes so.</summary>
    private bool TryCloseIfDrained(out Task drained)
    {
        lock (_gate)
        {
            // Nothing waits in the queue while a worker is idle, so no active worker means an empty queue.
            if (_active == 0)
            {
                _closed = true;
                drained = Task.CompletedTask;
                return true;
            }

            drained = (_drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            return false;
        }
    }

    /// <summary>
    /// Closes the endpoint after the timeout: empties the queue, settles every running datagram as abandoned (its
    /// handlers can no longer count it), and cancels those handlers outside the lock, where their continuations may run.
    /// </summary>
    private (int Queued, int Abandoned) CloseAndAbandon()
    {
        var queued = 0;
        var cancel = new List<CancellationTokenSource>();
        lock (_gate)
        {
            _closed = true;
            while (_queue.TryDequeue(out var left))
            {
                left.Dispose();
                queued++;
            }

            _stats.SetQueued(0);
            foreach (var worker in _allWorkers)
            {
                // A worker that settled first has finished its datagram and will go idle: it is not ours to cancel.
                if (worker.IsBusy && worker.TrySettle())
                {
                    cancel.Add(worker.Cancellation);
                }
            }
        }

        foreach (var source in cancel)
        {
            try
            {
                source.Cancel();
            }
#pragma warning disable CA1031 // A handler's cancellation callback that throws must not stop the shutdown.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        return (queued, cancel.Count);
    }

    /// <summary>Datagrams that reached the kernel queue but were never read: read and count them, so none vanish unreported.</summary>
    private void TryShutdownReceive()
    {
        try
        {
            Socket.ShutdownReceive();
        }
        catch (Exception ex) when (ex is UnixSocketException or ObjectDisposedException)
        {
            // Already closed, or the kernel refused: the unread count is then a lower bound.
        }
    }

    /// <summary>Counts, without reading, what stays queued in an adopted socket for the next instance.</summary>
    private void LeaveQueued()
    {
        int? left;
        try
        {
            left = Socket.CountQueued();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            left = null;
        }

        if (left is null)
        {
            LogLeftQueuedUnknown(_logger, Name);
        }
        else if (left > 0)
        {
            LogLeftQueued(_logger, Name, left.Value);
        }
    }

    private int CountUnread()
    {
        var count = 0;
        var buffer = new byte[1];
        try
        {
            while (Socket.TryReceive(buffer, out _))
            {
                count++;
            }
        }
        catch (Exception ex) when (ex is UnixSocketException or InvalidOperationException or ObjectDisposedException)
        {
            // Nothing more can be read.
        }

        return count;
    }

    /// <summary>
    /// Waits until the queue is drained and the dispatch closed, within <paramref name="timeout"/> from
    /// <paramref name="started"/>; false when the time ran out (or the wait was cancelled) with work left.
    /// </summary>
    private async Task<bool> DrainAsync(long started, TimeSpan timeout, CancellationToken cancellationToken)
    {
        while (!TryCloseIfDrained(out var drained))
        {
            var left = timeout - _time.GetElapsedTime(started);
            try
            {
                await drained.WaitAsync(left <= TimeSpan.Zero ? TimeSpan.Zero : left >= MaxWait ? Timeout.InfiniteTimeSpan : left, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
            {
                return false;
            }
        }

        return true;
    }
}
