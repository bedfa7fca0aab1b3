using UnixDatagram.Handlers;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Sending;

/// <content>The pump: while congested, waits for the kernel to report the socket writable and drains the queue in order.</content>
internal sealed partial class SendTarget
{
    private UnixDatagramSocket? _pumpSocket;
    private Task _pump = Task.CompletedTask;

    /// <summary>Starts the pump for <paramref name="socket"/> unless one runs; it ends when the queue is empty and the socket writable.</summary>
    private void StartPumpLocked(UnixDatagramSocket socket)
    {
        if (_pumpSocket is not null)
        {
            return;
        }

        _pumpSocket = socket;
        _pump = Task.Run(() => PumpAsync(socket));
    }

    private async Task PumpAsync(UnixDatagramSocket socket)
    {
        try
        {
            while (true)
            {
                await socket.WaitWritableAsync(CancellationToken.None).ConfigureAwait(false);
                lock (_lock)
                {
                    // Peer loss and disposal take the socket away from the pump: this one is done.
                    if (!ReferenceEquals(_pumpSocket, socket))
                    {
                        return;
                    }

                    if (DrainLocked(socket))
                    {
                        EndCongestionLocked();
                        _pumpSocket = null;
                        return;
                    }

                    if (!ReferenceEquals(_pumpSocket, socket))
                    {
                        return;
                    }
                }
            }
        }
        catch (ObjectDisposedException)
        {
            // The socket was closed (peer lost, or disposal) while the pump waited.
        }
#pragma warning disable CA1031 // Nothing may escape a pump: its callers' tasks would never complete. A broken socket is replaced.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            lock (_lock)
            {
                if (ReferenceEquals(_pumpSocket, socket))
                {
                    SenderLog.SocketFailed(_logger, ex, Name, Address.ToString());
                    LoseSocketLocked(socket, ex as UnixSocketException);
                }
            }
        }
    }

    /// <summary>Sends queued datagrams in order until the queue is empty (true) or the kernel is full again or the peer is gone (false).</summary>
    private bool DrainLocked(UnixDatagramSocket socket)
    {
        while (_queue.First is { } node)
        {
            var entry = node.Value;
            SendStatus status;
            try
            {
                status = socket.Send(entry.Span);
            }
            catch (UnixSocketException ex) when (ex.IsPeerGone)
            {
                LoseSocketLocked(socket, ex);
                return false;
            }
            catch (UnixSocketException ex)
            {
                // Say, EMSGSIZE: this datagram can never go; the ones behind it still can.
                Statistics.CountFailed();
                RemoveLocked(entry);
                entry.Release();
                if (entry.Completion is { } completion)
                {
                    completion.TrySetException(ex);
                }
                else
                {
                    SenderLog.QueuedSendFailed(_logger, ex, Name, entry.Length);
                }

                continue;
            }

            if (status == SendStatus.Congested)
            {
                EnterCongestionLocked(socket);
                return false;
            }

            CountSent(entry.Length);
            CompleteLocked(entry, SendResult.Sent);
        }

        return true;
    }
}
