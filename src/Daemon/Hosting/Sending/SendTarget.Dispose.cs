using UnixDatagram.Handlers;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Sending;

/// <content>Stopping: the pump ends, the socket closes, and whatever was still queued is logged and counted as dropped.</content>
internal sealed partial class SendTarget
{
    /// <summary>
    /// Stops the target. Datagrams still queued are counted as dropped and logged; a sender still awaiting one (policy
    /// Wait) gets <see cref="SendResult.Dropped"/>. Later sends throw <see cref="ObjectDisposedException"/>. Idempotent.
    /// </summary>
    public void Dispose() => Stop();

    /// <summary>Stops the target as <see cref="Dispose"/> does, then waits for the pump to finish.</summary>
    public async ValueTask DisposeAsync() => await Stop().ConfigureAwait(false);

    private Task Stop()
    {
        UnixDatagramSocket? socket;
        ITimer? timer;
        Task pump;
        lock (_lock)
        {
            if (_disposed)
            {
                return Task.CompletedTask;
            }

            _disposed = true;
            socket = _socket;
            timer = _reconnectTimer;
            pump = _pump;
            _socket = null;
            _pumpSocket = null;
            _reconnectTimer = null;
            _congestedSince = null;
            var left = _pending;
            while (_queue.First is { } node)
            {
                Statistics.CountDropped();
                CompleteLocked(node.Value, SendResult.Dropped);
            }

            FlushDropLogLocked();
            if (left > 0)
            {
                SenderLog.LeftAtStop(_logger, Name, Address.ToString(), left);
            }
        }

        timer?.Dispose();

        // Closing fails the pump's wait for writability, so it ends without touching the queue again.
        socket?.Dispose();
        return pump;
    }
}
