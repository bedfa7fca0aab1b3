using UnixDatagram.Handlers.Internal;
using UnixDatagram.Hosting.Diagnostics;
using static UnixDatagram.Hosting.Endpoints.EndpointsLog;

namespace UnixDatagram.Hosting.Endpoints;

/// <summary>
/// One bound socket and its dispatch: admits each datagram (<see cref="DatagramAdmission"/>), then runs its handlers in
/// place when a worker is free and nothing waits, else queues it. Backpressure comes from the receive pool: in
/// <see cref="EndpointFullMode.Wait"/> the pool is no larger than queue plus workers, so a full queue stops reading.
/// </summary>
internal sealed partial class DatagramEndpoint : IDatagramReceiver
{
    /// <summary>Datagrams per <c>recvmmsg</c> when the pool allows.</summary>
    private const int MaxBatchSize = 32;

    /// <summary>Handler failures and timeouts: the first <see cref="FailureLogBurst"/> per interval are logged with their stack traces, the rest counted into the next report.</summary>
    private const int FailureLogBurst = 3;

    private static readonly TimeSpan FailureLogInterval = TimeSpan.FromSeconds(10);

    private readonly DatagramEndpointOptions _options;
    private readonly HandlerBinding[] _handlers;
    private readonly EndpointStatistics _stats;
    private readonly DatagramMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly int _maxConcurrency;
    private readonly Lock _gate = new();
    private readonly DatagramQueue _queue;
    private readonly Stack<DispatchWorker> _idle = new();
    private readonly DispatchWorker[] _allWorkers;
    private readonly DatagramAdmission _admission;
    private readonly EndpointReplyPolicy _replies;
    private readonly RateLimiter _dropLog;
    private readonly RateLimiter _failureLog;
    private readonly RateLimiter _timedOutLog;
    private readonly TaskCompletionSource _receiveFailed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _drained;
    private int _active;

    private bool _closed;
    private int _stopping;

    public DatagramEndpoint(DatagramEndpointOptions options, UnixDatagramSocket socket, HandlerBinding[] handlers, DaemonStatistics statistics, DatagramMetrics metrics, ILogger logger, TimeProvider time)
    {
        _options = options;
        Socket = socket;
        _handlers = handlers;
        _stats = statistics.Endpoint(options.Name);
        _metrics = metrics;
        _logger = logger;
        _time = time;
        _maxConcurrency = options.Dispatch == DispatchMode.Ordered ? 1 : options.MaxConcurrency;
        var dropping = options.WhenFull != EndpointFullMode.Wait;

        // Wait: the pool holds only what the queue and the workers can take, so a full queue empties the pool and the
        // loop stops reading; the queue can hold the whole pool, so it never overflows (the receive loop never makes
        // its pool smaller than a batch, hence the batch no larger than the pool). Drop modes: a whole batch beyond
        // queue and workers, so reading never stops and a full queue drops.
        var inFlight = options.QueueCapacity + _maxConcurrency + (dropping ? MaxBatchSize : 0);
        // Wait mode keeps room for one more batch: the receive loop of the endpoint this one replaces on a reload may
        // still deliver a batch it had read, which is passed on here (DetachAsync) and must not find the queue full.
        _queue = new DatagramQueue(dropping ? options.QueueCapacity : inFlight + MaxBatchSize);
        _allWorkers = new DispatchWorker[_maxConcurrency];
        for (var i = 0; i < _maxConcurrency; i++)
        {
            _allWorkers[i] = new DispatchWorker(time);
            _idle.Push(_allWorkers[i]);
        }

        var logInterval = TimeSpan.FromSeconds(5);
        _admission = new DatagramAdmission(options, _stats, logger, time, logInterval);
        _replies = new EndpointReplyPolicy(options, _stats, logger, time, logInterval);
        _dropLog = new RateLimiter(time, logInterval);
        _failureLog = new RateLimiter(time, FailureLogInterval, FailureLogBurst);
        _timedOutLog = new RateLimiter(time, FailureLogInterval, FailureLogBurst);
        ReceiveOptions = new ReceiveLoopOptions
        {
            MaxDatagramSize = options.MaxDatagramSize,
            BatchSize = Math.Min(MaxBatchSize, inFlight),
            MaxInFlight = inFlight,
            DedicatedThread = options.ReceiveThread == ReceiveThreadMode.Dedicated,
            PromoteWhenBusy = options.ReceiveThread == ReceiveThreadMode.WhenBusy,
        };
    }

    public string Name => _options.Name;

    public DatagramEndpointOptions Options => _options;

    public UnixDatagramSocket Socket { get; }

    public EndpointStatistics Statistics => _stats;

    public ReceiveLoopOptions ReceiveOptions { get; }

    /// <summary>Faults when the receive loop stops on an error, so the service can fail.</summary>
    public Task ReceiveFailure => _receiveFailed.Task;

    /// <summary>Datagrams waiting plus being handled.</summary>
    public int InFlight
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count + _active;
            }
        }
    }

    public void Start() => Socket.StartReceiving(this, ReceiveOptions);

    /// <inheritdoc />
    public void OnDatagram(Datagram datagram)
    {
        _stats.CountReceived(1, datagram.Length);
        if (!_admission.Admit(datagram))
        {
            datagram.Dispose();
            return;
        }

        Dispatch(datagram);
    }

    /// <summary>Hands an admitted datagram to a worker or the queue; once closed, to the successor of a reload, else drops it.</summary>
    private void Dispatch(Datagram datagram)
    {
        DispatchWorker? worker = null;
        Datagram? dropped = null;
        DatagramEndpoint? successor = null;
        lock (_gate)
        {
            if (_closed)
            {
                successor = _successor;
                dropped = successor is null ? datagram : null;
            }
            else if (_queue.Count == 0 && _idle.TryPop(out worker))
            {
                worker.Take();
                _active++;
            }
            else if (!_queue.IsFull)
            {
                _queue.Enqueue(datagram);
            }
            else if (_options.WhenFull == EndpointFullMode.DropOldest && _queue.TryDequeue(out var oldest))
            {
                dropped = oldest;
                _queue.Enqueue(datagram);
            }
            else
            {
                dropped = datagram;
            }

            _stats.SetQueued(_queue.Count);
        }

        if (successor is not null)
        {
            successor.Dispatch(datagram);
            return;
        }

        if (dropped is not null)
        {
            dropped.Dispose();
            _stats.CountDropped();
            ReportDrop();
        }

        if (worker is not null)
        {
            Run(worker, datagram);
        }
    }

    /// <inheritdoc />
    public void OnReceiveError(UnixSocketException exception)
    {
        LogReceiveFailed(_logger, exception, Name, Socket.LocalAddress.ToString());
        _receiveFailed.TrySetException(new InvalidOperationException($"Endpoint '{Name}' stopped receiving: {exception.Message}", exception));
    }

    private void ReportDrop()
    {
        if (!_dropLog.TryAcquire(out var suppressed))
        {
            return;
        }

        try
        {
            LogDropped(_logger, Name, _options.WhenFull, _queue.Capacity, suppressed + 1);
        }
#pragma warning disable CA1031 // The queue already holds (or has released) the datagrams: a failing logger must not make the I/O thread dispose one twice.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>
    /// Looks at the handlers running now: how many have run on more than a second past <c>HandlerTimeout</c> (each is
    /// counted once in <see cref="EndpointStatistics.Overruns"/>), and how long the longest has overrun.
    /// </summary>
    public (int Overrunning, TimeSpan LongestOverrun) CheckOverruns()
    {
        var now = _time.GetTimestamp();
        var count = 0;
        var longest = TimeSpan.Zero;
        lock (_gate)
        {
            foreach (var worker in _allWorkers)
            {
                var armed = worker.ArmedAt;
                if (!worker.IsBusy || armed == 0)
                {
                    continue;
                }

                var overrun = _time.GetElapsedTime(armed, now) - _options.HandlerTimeout;
                if (overrun <= OverrunGrace)
                {
                    continue;
                }

                count++;
                longest = overrun > longest ? overrun : longest;
                if (worker.TryMarkOverrun())
                {
                    _stats.CountOverrun();
                }
            }
        }

        return (count, longest);
    }

    /// <summary>A handler that honours its token finishes within this of its timeout; one still running after it ignores the token.</summary>
    public static readonly TimeSpan OverrunGrace = TimeSpan.FromSeconds(1);
}
