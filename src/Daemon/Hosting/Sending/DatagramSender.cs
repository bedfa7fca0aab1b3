using UnixDatagram.Hosting.Diagnostics;

namespace UnixDatagram.Hosting.Sending;

/// <summary>
/// <see cref="IDatagramSender"/> over the targets of <see cref="DatagramDaemonOptions.Targets"/>: one connected socket
/// per target, non-blocking sends, the <see cref="DatagramTargetOptions.WhenCongested"/> policy with a bounded queue,
/// and reconnection with back-off when a peer is gone.
/// </summary>
/// <remarks>
/// <para>Targets connect in <see cref="Start"/> (called by the hosted service, or by the first send); a peer missing at
/// start leaves its target Disconnected and reconnecting, it does not fail the start.</para>
/// <para>With policy Wait, a send that finds the queue full keeps a reference to the caller's buffer until the task
/// completes, as <c>Socket.SendAsync(ReadOnlyMemory)</c> does: do not change the buffer before the send completes.</para>
/// <para>When the peer is gone: Wait-policy sends still queued complete as <see cref="SendResult.PeerUnavailable"/>;
/// DropNewest keeps its queue (already answered <see cref="SendResult.Queued"/>) and sends it after the reconnect. At
/// disposal whatever is still queued is counted as dropped and logged; waiting senders get <see cref="SendResult.Dropped"/>.</para>
/// </remarks>
internal sealed partial class DatagramSender : IDatagramSender, IAsyncDisposable, IDisposable
{
    private readonly SocketDirectory _directory;
    private readonly DaemonStatistics _statistics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>The targets and their names, replaced as a whole by a reload, so that a send reads one consistent set without a lock.</summary>
    private TargetSet _set;
    private int _started;

    public DatagramSender(IOptions<DatagramDaemonOptions> options, SocketDirectory directory, DaemonStatistics statistics, TimeProvider time, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _statistics = statistics ?? throw new ArgumentNullException(nameof(statistics));
        _time = time;
        _logger = LogCategory.For<DatagramSender>(loggerFactory);
        var targets = new Dictionary<string, SendTarget>(StringComparer.Ordinal);
        for (var i = 0; i < options.Value.Targets.Count; i++)
        {
            targets.Add(options.Value.Targets[i].Name, CreateTarget(options.Value.Targets[i], i));
        }

        _set = new TargetSet(targets, [.. options.Value.Targets.Select(t => t.Name)]);
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> TargetNames => Volatile.Read(ref _set).Names;

    /// <summary>Connects every target (once); missing peers are retried with back-off.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        foreach (var target in Volatile.Read(ref _set).Targets.Values)
        {
            target.Start();
        }
    }

    /// <inheritdoc />
    /// <exception cref="UnixDatagram.Transport.UnixSocketException">A failure that is neither congestion nor peer loss, such as a datagram too large for the socket (<c>EMSGSIZE</c>).</exception>
    /// <exception cref="ObjectDisposedException">The sender was disposed (the host stopped).</exception>
    public ValueTask<SendResult> SendAsync(string target, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (Volatile.Read(ref _started) == 0)
        {
            Start();
        }

        var set = Volatile.Read(ref _set);
        if (!set.Targets.TryGetValue(target, out var sendTarget))
        {
            throw UnknownTarget(target);
        }

        try
        {
            return sendTarget.SendAsync(payload, cancellationToken);
        }
        catch (ObjectDisposedException) when (Volatile.Read(ref _set) != set && Volatile.Read(ref _set).Targets.TryGetValue(target, out var replacement) && replacement != sendTarget)
        {
            // A reload replaced the target between the lookup and the send: the new one takes it.
            return replacement.SendAsync(payload, cancellationToken);
        }
    }

    /// <summary>The target called <paramref name="name"/>, for health checks.</summary>
    /// <exception cref="ArgumentException">No such target.</exception>
    internal SendTarget Target(string name) => Volatile.Read(ref _set).Targets.TryGetValue(name, out var target) ? target : throw UnknownTarget(name);

    /// <summary>Stops every target; see the class remarks for what happens to queued datagrams.</summary>
    public void Dispose()
    {
        foreach (var target in Close().Targets.Values)
        {
            target.Dispose();
        }
    }

    /// <summary>Stops every target, as <see cref="Dispose"/> does; once it returns, no target drains its queue any more.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var target in Close().Targets.Values)
        {
            await target.DisposeAsync().ConfigureAwait(false);
        }
    }

    private ArgumentException UnknownTarget(string target)
    {
        var names = Volatile.Read(ref _set).Names;
        var configured = names.Length == 0
            ? $"no targets are configured ({DatagramDaemonOptions.SectionName}:Targets is empty)"
            : "the configured targets are " + string.Join(", ", names.Select(n => $"'{n}'"));
        return new ArgumentException($"'{target}' is not a configured send target; {configured}.", nameof(target));
    }
}
