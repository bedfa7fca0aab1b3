using System.Diagnostics;
using System.Runtime.CompilerServices;
using UnixDatagram.Hosting.Diagnostics;
using static UnixDatagram.Hosting.Endpoints.EndpointsLog;

namespace UnixDatagram.Hosting.Endpoints;

/// <content>Running the handlers: synchronously in place while they complete synchronously, asynchronously when one does not.</content>
internal sealed partial class DatagramEndpoint
{
    /// <summary>Handles <paramref name="datagram"/> with a reserved worker; goes asynchronous only if a handler does.</summary>
    private void Run(DispatchWorker worker, Datagram datagram)
    {
        var pending = HandleAll(worker, datagram);
        if (!pending.IsCompletedSuccessfully)
        {
            _ = DrainAsync(worker, datagram, pending);
            return;
        }

        pending.GetAwaiter().GetResult();
        Finish(worker, datagram);
        Drain(worker);
    }

    /// <summary>Takes queued datagrams until the queue is empty, then frees the worker.</summary>
    private void Drain(DispatchWorker worker)
    {
        while (TryTakeNext(worker, out var next))
        {
            var pending = HandleAll(worker, next);
            if (!pending.IsCompletedSuccessfully)
            {
                _ = DrainAsync(worker, next, pending);
                return;
            }

            pending.GetAwaiter().GetResult();
            Finish(worker, next);
        }
    }

    private async Task DrainAsync(DispatchWorker worker, Datagram datagram, ValueTask pending)
    {
        await pending.ConfigureAwait(false);
        Finish(worker, datagram);
        while (TryTakeNext(worker, out var next))
        {
            await HandleAll(worker, next).ConfigureAwait(false);
            Finish(worker, next);
        }
    }

    private bool TryTakeNext(DispatchWorker worker, out Datagram next)
    {
        lock (_gate)
        {
            if (!_closed && _queue.TryDequeue(out next))
            {
                worker.Take();
                _stats.SetQueued(_queue.Count);
                return true;
            }

            // The queue is empty (or the endpoint closed and emptied it): nothing waits while a worker is idle.
            worker.Release();
            _idle.Push(worker);
            _active--;
            if (_active == 0 && _drained is { } drained)
            {
                _drained = null;
                drained.TrySetResult();
            }

            next = null!;
            return false;
        }
    }

    /// <summary>Runs every handler in order; never throws: failures are logged and counted.</summary>
    private ValueTask HandleAll(DispatchWorker worker, Datagram datagram)
    {
        worker.Context.Set(Name, datagram, Socket, _replies);
        worker.StartTimestamp = _metrics.HandlerDuration.Enabled ? Stopwatch.GetTimestamp() : 0;
        var token = worker.Cancellation.Token;
        for (var i = 0; i < _handlers.Length; i++)
        {
            ValueTask pending;
            try
            {
                pending = _handlers[i].Handler.HandleAsync(worker.Context, token);
                if (pending.IsCompletedSuccessfully)
                {
                    pending.GetAwaiter().GetResult();
                    continue;
                }
            }
#pragma warning disable CA1031 // A handler's failure is logged and counted; the endpoint goes on.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                OnHandlerException(worker, i, ex);
                continue;
            }

            return ContinueAsync(worker, i, pending);
        }

        return default;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ContinueAsync(DispatchWorker worker, int index, ValueTask pending)
    {
        // The timeout matters only once a handler yields: arm it now, so the synchronous path never touches a timer.
        worker.ArmTimeout(_options.HandlerTimeout, _time.GetTimestamp());
        for (var i = index; i < _handlers.Length; i++)
        {
            try
            {
                if (i == index)
                {
                    await pending.ConfigureAwait(false);
                }
                else
                {
                    await _handlers[i].Handler.HandleAsync(worker.Context, worker.Cancellation.Token).ConfigureAwait(false);
                }
            }
#pragma warning disable CA1031 // A handler's failure is logged and counted; the endpoint goes on.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                OnHandlerException(worker, i, ex);
            }
        }
    }

    private void OnHandlerException(DispatchWorker worker, int index, Exception exception)
    {
        var timedOut = exception is OperationCanceledException && worker.Cancellation.IsCancellationRequested;
        if (timedOut)
        {
            worker.TimedOut = true;
        }
        else
        {
            worker.Failed = true;
        }

        // A datagram a stop gave up on was already counted and reported; its handlers are only being told to quit.
        if (worker.IsSettled)
        {
            return;
        }

        try
        {
            var handler = _handlers[index].Name;
            if (timedOut)
            {
                if (_timedOutLog.TryAcquire(out var suppressed))
                {
                    LogHandlerTimedOut(_logger, Name, handler, _options.HandlerTimeout, worker.Context.Sender.ToString(), UnixCredentials.Describe(worker.Context.Credentials), suppressed);
                }
            }
            else if (_failureLog.TryAcquire(out var suppressed))
            {
                LogHandlerFailed(_logger, DisplayedException.ForLog(exception), Name, handler, worker.Context.Sender.ToString(), UnixCredentials.Describe(worker.Context.Credentials), suppressed);
            }
        }
#pragma warning disable CA1031 // A failing logger must not cost the worker: the datagram is still counted and the endpoint goes on.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>Counts the datagram (unless a stop already did), readies the worker, and returns the buffer to the pool.</summary>
    private void Finish(DispatchWorker worker, Datagram datagram)
    {
        if (worker.TrySettle())
        {
            if (worker.TimedOut)
            {
                _stats.CountTimedOut();
            }
            else if (worker.Failed)
            {
                _stats.CountFailed();
            }
            else
            {
                _stats.CountHandled();
            }

            if (worker.StartTimestamp != 0)
            {
                _metrics.HandlerDuration.Record(Stopwatch.GetElapsedTime(worker.StartTimestamp).TotalSeconds, new KeyValuePair<string, object?>("endpoint", Name));
            }

            worker.Reset();
        }

        // Otherwise the stop that abandoned this datagram owns the worker's cancellation source, and the endpoint is
        // closed: the worker is never used again.
        datagram.Dispose();
    }
}
