using System.Diagnostics;
using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport.Internal;

/// <summary>
/// The batched receive path: <c>recvmmsg</c> into pooled, pinned buffers, each datagram handed to the receiver. When
/// the pool is empty the loop stops reading, so the kernel queue fills and senders feel it. A loop reads on the shared
/// epoll thread (<see cref="OnReadable"/>) or on a thread of its own (ReceiveLoop.Thread.cs): from the start
/// (<see cref="ReceiveLoopOptions.DedicatedThread"/>), or while its socket is busy
/// (<see cref="ReceiveLoopOptions.PromoteWhenBusy"/>, ReceiveLoop.Promotion.cs). One reader at a time: the pool lock
/// says which. Reading and delivering a batch are in ReceiveLoop.Batch.cs; this file holds the shared thread's reads,
/// the pool, its hand-back (<see cref="Return"/>) and the stop.
/// </summary>
internal sealed partial class ReceiveLoop
{
    private readonly SafeUnixSocketHandle _handle;
    private readonly string _address;
    private readonly IReceiveLoopEvents _events;
    private readonly IDatagramReceiver _receiver;
    private readonly DatagramPool _pool;
    private readonly Lock _poolLock = new();

    /// <summary>Completed once the loop is stopped (or reached the end of a socket shut down for reading) and no batch is being read or delivered.</summary>
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The pool was empty when the reader wanted a batch; the next <see cref="Return"/> resumes it.</summary>
    private bool _waitingForBuffers;

    private bool _stopped;

    /// <summary>A batch is being read or delivered (under the pool lock); <see cref="Stop"/> waits for it to end.</summary>
    private bool _reading;

    /// <summary>The thread that reads; a receiver that stops the loop from inside a delivery must not wait for itself.</summary>
    private int _readerThread;

    public ReceiveLoop(SafeUnixSocketHandle handle, string address, IReceiveLoopEvents events, IDatagramReceiver receiver, ReceiveLoopOptions options, bool receiveShutDown)
    {
        _handle = handle;
        _address = address;
        _events = events;
        _receiver = receiver;
        _batchSize = options.BatchSize;
        _want = Math.Min(InitialBatch, _batchSize);
        _pool = new DatagramPool(this, options.MaxDatagramSize, Math.Max(options.MaxInFlight, options.BatchSize));
        _batch = new Datagram[_batchSize];
        _messages = GC.AllocateArray<MMsgHdr>(_batchSize, pinned: true);
        _promotable = options.PromoteWhenBusy && !options.DedicatedThread;
        _promoteAfter = options.PromoteAfter;
        _demoteBelow = options.DemoteBelow;
        _demoteWindowMs = options.DemoteWindowMilliseconds;
        _receiveShutDown = receiveShutDown;
    }

    /// <summary>Buffers the loop has created so far (they grow with load).</summary>
    public int BuffersCreated
    {
        get
        {
            lock (_poolLock)
            {
                return _pool.Created;
            }
        }
    }

    /// <summary>
    /// Completes once the loop reads no more: stopped, failed, or, on a socket shut down for reading, at the end of its
    /// queue; in each case after the batch being read or delivered is done.
    /// </summary>
    public Task Ended => _ended.Task;

    /// <summary>On the shared epoll thread: reads until the kernel queue is empty or the pool is.</summary>
    public void OnReadable()
    {
        var total = 0;
        var started = _promotable ? Stopwatch.GetTimestamp() : 0;
        while (true)
        {
            var batch = ReadBatch(onThread: false, out var count, out var received, out var errno);
            if (batch != Batch.Read)
            {
                return;
            }

            total += Math.Max(received, 0);

            // A short batch means the queue is empty: back to epoll rather than a call that would say EAGAIN.
            if (!Complete(count, received, errno) || received < count)
            {
                break;
            }
        }

        if (_promotable && IsBusy(started, total))
        {
            TryPromote();
        }
    }

    /// <summary>Takes a datagram back; resumes reading if the loop had stopped for want of buffers.</summary>
    public void Return(Datagram datagram)
    {
        var signal = false;
        lock (_poolLock)
        {
            _pool.Add(datagram);
            if (_waitingForBuffers)
            {
                _waitingForBuffers = false;
                if (_onThread)
                {
                    signal = true;
                }
                else if (!_stopped)
                {
                    _events.SetReadInterest(true);
                }
            }
        }

        if (signal)
        {
            SignalBufferReturned();
        }
    }

    /// <summary>
    /// Stops reading; datagrams still out return to a pool that is then dropped. The task completes once no batch is
    /// being read or delivered, so that nothing is taken from the kernel queue afterwards (at once when called from
    /// inside a delivery).
    /// </summary>
    public Task Stop()
    {
        Task ended;
        lock (_poolLock)
        {
            _stopped = true;
            if (!_reading)
            {
                _ended.TrySetResult();
            }

            ended = _reading && _readerThread != Environment.CurrentManagedThreadId ? _ended.Task : Task.CompletedTask;
        }

        WakeThread();
        return ended;
    }

    private void Fail(UnixSocketException error)
    {
        _ = Stop();
        _events.SetReadInterest(false);
        try
        {
            _receiver.OnReceiveError(error);
        }
#pragma warning disable CA1031 // The receiver's fault must not end the I/O thread; Error still reports the cause.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        _events.RaiseError(error);
    }

    private static long Ticks(int milliseconds) => Stopwatch.Frequency * milliseconds / 1000;
}
