using static UnixDatagram.Hosting.Endpoints.EndpointsLog;

namespace UnixDatagram.Hosting.Endpoints;

/// <content>
/// Graceful stop: refuse new datagrams, read and handle what the kernel had already queued, let in-flight handlers
/// finish within the timeout, account for the rest.
/// </content>
internal sealed partial class DatagramEndpoint
{
    /// <summary>The longest wait <see cref="Task.WaitAsync(TimeSpan, TimeProvider)"/> takes; anything longer waits without a limit.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>
    /// Stops the endpoint within <paramref name="timeout"/>. A socket of our own is shut down for reading first
    /// (senders get <c>EPIPE</c>, so the kernel queue can only shrink) and read to the end of its queue through the
    /// usual pipeline: a datagram a sender saw accepted is handled like any other. An adopted socket only stops being
    /// read: what is queued stays for the next instance. Then queued and running datagrams get the rest of the time.
    /// Whatever is still queued, running or unread in the kernel queue when the time runs out is counted as dropped
    /// (each datagram once) and the running handlers are cancelled. Finally closes the socket, removing its file if it
    /// is still ours.
    /// </summary>
    public async Task StopAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopping, 1) != 0)
        {
            return;
        }

        var started = _time.GetTimestamp();
        var adopted = Socket.IsAdopted;

        // Once the loop has ended (at the end of the queue, or stopped), nothing more is taken from the kernel queue.
        var readEnded = adopted ? Socket.StopReceivingAsync(cancellationToken) : ShutdownReceiveAsync(cancellationToken);
        var readInTime = await WithinAsync(readEnded, started, timeout, cancellationToken).ConfigureAwait(false);

        // Stop the loop if the time ran out while it was still reading; a batch it is delivering may hold the receive
        // thread (a handler running in place), and the drain below times out and abandons it.
        await WithinAsync(Socket.StopReceivingAsync(cancellationToken), started, timeout, cancellationToken).ConfigureAwait(false);

        // The I/O thread may still deliver the rest of a batch after StopReceiving, so "drained" is only final when it
        // is decided under the lock together with closing; a late datagram either gets handled or is counted dropped.
        var timedOut = !await DrainAsync(started, timeout, cancellationToken).ConfigureAwait(false) || !readInTime;

        var (queued, abandoned) = timedOut ? CloseAndAbandon() : (0, 0);
        var unread = 0;
        if (adopted)
        {
            // systemd keeps this socket and passes it to the next instance: what is queued is left for it, not lost.
            LeaveQueued();
        }
        else
        {
            // Left only when the time ran out, or the loop ended before the end of the queue (a receive error).
            unread = CountUnread();
        }

        var lost = queued + abandoned + unread;
        _stats.CountDropped(lost);
        if (timedOut && lost > 0)
        {
            // Only when something was left: an idle loop that had not yet seen the end of its empty queue lost nothing.
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

    /// <summary>
    /// Refuses new datagrams (senders get <c>EPIPE</c>) and returns a task that completes when the receive loop has read
    /// the kernel queue to its end. If the kernel refuses the shutdown (or the socket is closed), the queue can still
    /// grow, so reading stops instead and what is left is counted as unread.
    /// </summary>
    private Task ShutdownReceiveAsync(CancellationToken cancellationToken)
    {
        try
        {
            return Socket.ShutdownReceiveAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is UnixSocketException or ObjectDisposedException)
        {
            return Socket.StopReceivingAsync(cancellationToken);
        }
    }

    /// <summary>Waits for <paramref name="task"/> within <paramref name="timeout"/> from <paramref name="started"/>; false when the time ran out (or the wait was cancelled).</summary>
    private async Task<bool> WithinAsync(Task task, long started, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await task.WaitAsync(Left(started, timeout), _time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>What is left of <paramref name="timeout"/> since <paramref name="started"/>, as a wait for <see cref="Task.WaitAsync(TimeSpan, TimeProvider)"/>.</summary>
    private TimeSpan Left(long started, TimeSpan timeout)
    {
        var left = timeout - _time.GetElapsedTime(started);
        return left <= TimeSpan.Zero ? TimeSpan.Zero : left >= MaxWait ? Timeout.InfiniteTimeSpan : left;
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

    /// <summary>Reads and counts what is left in the kernel queue of a socket shut down for reading, so none vanish unreported.</summary>
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
            if (!await WithinAsync(drained, started, timeout, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }
}
