using UnixDatagram.Handlers;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Sending;

/// <content>The congested path: the policy, the bounded queue, cancellation.</content>
internal sealed partial class SendTarget
{
    /// <summary>
    /// Decides under the lock what happens to a datagram that could not take the fast path: the peer is gone, the
    /// queue is not empty (order), or the kernel just reported congestion (<paramref name="knownCongested"/>).
    /// </summary>
    private ValueTask<SendResult> SendSlow(ReadOnlyMemory<byte> payload, bool knownCongested, CancellationToken cancellationToken)
    {
        PendingDatagram entry;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_socket is not { } socket)
            {
                Statistics.CountPeerUnavailable();
                return new ValueTask<SendResult>(SendResult.PeerUnavailable);
            }

            if (_pending == 0 && !knownCongested && TrySendLocked(socket, payload.Span) is { } result)
            {
                return new ValueTask<SendResult>(result);
            }

            if (_pending == 0 || knownCongested)
            {
                EnterCongestionLocked(socket);
            }
            else
            {
                // Behind a queue (congested, or draining what was kept over a reconnect): wait in line, do not overtake.
                StartPumpLocked(socket);
            }
            switch (_policy)
            {
                case TargetCongestionMode.Fail:
                    return new ValueTask<SendResult>(SendResult.Congested);

                case TargetCongestionMode.DropNewest:
                    if (_copies >= _capacity)
                    {
                        DropLocked();
                        return new ValueTask<SendResult>(SendResult.Dropped);
                    }

                    EnqueueLocked(PendingDatagram.Copy(payload, awaited: false));
                    return new ValueTask<SendResult>(SendResult.Queued);

                default:
                    if (cancellationToken.IsCancellationRequested)
                    {
                        return ValueTask.FromCanceled<SendResult>(cancellationToken);
                    }

                    // Within capacity the datagram is copied; beyond it the caller, who awaits, lends its buffer: that is the backpressure.
                    entry = _copies < _capacity ? PendingDatagram.Copy(payload, awaited: true) : PendingDatagram.Borrow(payload);
                    EnqueueLocked(entry);
                    break;
            }
        }

        if (cancellationToken.CanBeCanceled)
        {
            // Registered outside the lock: a token cancelled meanwhile runs the callback right here, and it takes the lock.
            var registration = cancellationToken.UnsafeRegister(static (state, token) => ((PendingDatagram)state!).Cancel(token), entry);
            lock (_lock)
            {
                if (entry.Node.List is null)
                {
                    registration.Unregister();
                }
                else
                {
                    entry.Cancellation = registration;
                }
            }
        }

        return new ValueTask<SendResult>(entry.Completion!.Task);
    }

    /// <summary>One non-blocking send under the lock; null when congested. Peer loss is handled here.</summary>
    private SendResult? TrySendLocked(UnixDatagramSocket socket, ReadOnlySpan<byte> payload)
    {
        SendStatus status;
        try
        {
            status = socket.Send(payload);
        }
        catch (UnixSocketException ex) when (ex.IsPeerGone)
        {
            Statistics.CountPeerUnavailable();
            LoseSocketLocked(socket, ex);
            return SendResult.PeerUnavailable;
        }
        catch (UnixSocketException)
        {
            Statistics.CountFailed();
            throw;
        }

        if (status == SendStatus.Congested)
        {
            return null;
        }

        CountSent(payload.Length);
        return SendResult.Sent;
    }

    private void EnqueueLocked(PendingDatagram entry)
    {
        entry.Owner = this;
        _queue.AddLast(entry.Node);
        _pending++;
        if (entry.IsCopy)
        {
            _copies++;
        }

        Statistics.CountQueued();
    }

    /// <summary>Takes <paramref name="entry"/> out of the queue, completes its caller with <paramref name="result"/>, and frees it.</summary>
    private void CompleteLocked(PendingDatagram entry, SendResult result)
    {
        RemoveLocked(entry);
        entry.Release();
        entry.Completion?.TrySetResult(result);
    }

    private void RemoveLocked(PendingDatagram entry)
    {
        _queue.Remove(entry.Node);
        _pending--;
        if (entry.IsCopy)
        {
            _copies--;
        }
    }

    /// <summary>The caller's token was cancelled: the datagram leaves the queue unsent, unless the kernel took it already.</summary>
    internal void Cancel(PendingDatagram entry, CancellationToken token)
    {
        lock (_lock)
        {
            if (entry.Node.List is null)
            {
                return;
            }

            RemoveLocked(entry);
            entry.Release();
            entry.Completion?.TrySetCanceled(token);
        }
    }

    private void EnterCongestionLocked(UnixDatagramSocket socket)
    {
        if (_congestedSince is null)
        {
            _congestedSince = _time.GetUtcNow();
            Statistics.CountCongestion();
            SenderLog.CongestionStarted(_logger, Name, Address.ToString(), _policy, _pending);
        }

        StartPumpLocked(socket);
    }

    private void EndCongestionLocked()
    {
        if (_congestedSince is { } since)
        {
            _congestedSince = null;
            var duration = _time.GetUtcNow() - since;
            if (duration >= LongCongestion)
            {
                SenderLog.LongCongestionEnded(_logger, Name, duration);
            }
            else
            {
                SenderLog.CongestionEnded(_logger, Name, duration);
            }
        }

        FlushDropLogLocked();
    }
}
