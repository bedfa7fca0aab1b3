using Microsoft.Extensions.Logging;
using UnixDatagram.Handlers;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Sending;

/// <summary>
/// One configured target: one connected socket, its congestion state, its bounded queue and the pump that drains it,
/// and reconnection with back-off when the peer is gone.
/// </summary>
/// <remarks>
/// The uncongested path takes no lock and allocates nothing: with a connected socket and an empty queue a send goes
/// straight to the kernel. Everything else (queueing, congestion, peer loss) happens under <see cref="_lock"/>, and a
/// queued datagram leaves the queue only after the kernel took it, so a send never overtakes one queued before it.
/// </remarks>
internal sealed partial class SendTarget : IDisposable, IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly LinkedList<PendingDatagram> _queue = new();
    private readonly TargetCongestionMode _policy;
    private readonly int _capacity;
    private readonly int? _sendBufferSize;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private UnixDatagramSocket? _socket;
    private int _pending;
    private int _copies;
    private DateTimeOffset? _congestedSince;
    private bool _disposed;

    public SendTarget(DatagramTargetOptions options, UnixSocketAddress address, TargetStatistics statistics, TimeProvider time, ILogger logger)
    {
        Options = options;
        Name = options.Name;
        Address = address;
        Statistics = statistics;
        UnhealthyAfter = options.UnhealthyAfter;
        _policy = options.WhenCongested;
        _capacity = options.QueueCapacity;
        _sendBufferSize = options.SendBufferSize;
        _minDelay = Clamp(options.ReconnectMinDelay);
        _maxDelay = Clamp(options.ReconnectMaxDelay < options.ReconnectMinDelay ? options.ReconnectMinDelay : options.ReconnectMaxDelay);
        _time = time;
        _logger = logger;
    }

    public string Name { get; }

    /// <summary>The options it was created with, to tell whether a reload changes it.</summary>
    public DatagramTargetOptions Options { get; }

    /// <summary>The peer's resolved address.</summary>
    public UnixSocketAddress Address { get; }

    public TargetStatistics Statistics { get; }

    public TimeSpan UnhealthyAfter { get; }

    public TargetCongestionMode Policy => _policy;

    public int QueueCapacity => _capacity;

    /// <summary>Sends one datagram, following the policy when congested. See <see cref="IDatagramSender.SendAsync"/>.</summary>
    /// <exception cref="UnixSocketException">A failure that is not congestion or peer loss, such as <c>EMSGSIZE</c> (counted as Failed).</exception>
    /// <exception cref="ObjectDisposedException">The sender was disposed.</exception>
    public ValueTask<SendResult> SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var socket = Volatile.Read(ref _socket);
        if (socket is null || Volatile.Read(ref _pending) != 0)
        {
            return SendSlow(payload, knownCongested: false, cancellationToken);
        }

        SendStatus status;
        try
        {
            status = socket.Send(payload.Span);
        }
        catch (UnixSocketException ex) when (ex.IsPeerGone)
        {
            Statistics.CountPeerUnavailable();
            lock (_lock)
            {
                LoseSocketLocked(socket, ex);
            }

            return new ValueTask<SendResult>(SendResult.PeerUnavailable);
        }
        catch (UnixSocketException)
        {
            Statistics.CountFailed();
            throw;
        }
        catch (ObjectDisposedException)
        {
            // Closed under us by another thread (peer lost, or disposal): decide again under the lock.
            return SendSlow(payload, knownCongested: false, cancellationToken);
        }

        if (status == SendStatus.Sent)
        {
            CountSent(payload.Length);
            return new ValueTask<SendResult>(SendResult.Sent);
        }

        return SendSlow(payload, knownCongested: true, cancellationToken);
    }

    /// <summary>A consistent view of the state, the queue and the last error.</summary>
    public TargetSnapshot Snapshot()
    {
        lock (_lock)
        {
            var state = _socket is null ? TargetState.Disconnected : _congestedSince is null ? TargetState.Connected : TargetState.Congested;
            return new TargetSnapshot(
                state,
                _socket is null ? null : _congestedSince,
                _socket is null ? _disconnectedSince : null,
                _pending,
                _pending - _copies,
                _lastError,
                _socket is null ? _nextAttempt : null);
        }
    }

    public override string ToString() => $"target '{Name}' -> {Address}";

    private void CountSent(int length)
    {
        Statistics.CountSent(length);
    }
}
