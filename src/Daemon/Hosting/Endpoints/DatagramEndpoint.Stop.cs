using UnixDatagram.Transport;

namespace UnixDatagram.Hosting;

/// <content>Graceful stop: stop reading, let in-flight handlers finish within the timeout, account for the rest.</content>
internal sealed partial class DatagramEndpoint
{
    /// <summary>
    /// Stops reading, waits up to <paramref name="timeout"/> for queued and running datagrams, cancels what still
    /// runs, counts as dropped what was never handled (queued, or still in the kernel queue), then closes the socket.
    /// </summary>
    public async Task StopAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Socket.StopReceiving();
        Task drained;
        lock (_gate)
        {
            drained = _active == 0 && _queue.Count == 0 ? Task.CompletedTask : (_drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        var cancelled = false;
        try
        {
            await drained.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            cancelled = true;
        }

        int unhandledQueued;
        lock (_gate)
        {
            _closed = true;
            unhandledQueued = 0;
            while (_queue.TryDequeue(out var left))
            {
                left.Dispose();
                unhandledQueued++;
            }

            _stats._queued = 0;
        }

        if (cancelled)
        {
            CancelRunningHandlers();
        }

        var unread = CountUnread();
        var lost = unhandledQueued + unread;
        Interlocked.Add(ref _stats._dropped, lost);
        if (lost > 0 || cancelled)
        {
            LogLeftUnhandled(_logger, Name, unhandledQueued, unread, cancelled, timeout);
        }

        Socket.Close();
        LogStopped(_logger, Name, _stats.Received, _stats.Handled, _stats.Failed, _stats.Dropped);
    }

    private void CancelRunningHandlers()
    {
        // Workers are either idle (in the stack) or running; cancelling an idle one only makes it renew its source.
        lock (_gate)
        {
            foreach (var worker in _allWorkers)
            {
                if (!_idle.Contains(worker))
                {
                    worker.Cancellation.Cancel();
                }
            }
        }
    }

    /// <summary>Datagrams that reached the kernel queue but were never read: read and count them, so none vanish unreported.</summary>
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
}
