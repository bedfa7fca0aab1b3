using UnixDatagram.Hosting.Diagnostics;
using UnixDatagram.Hosting.Endpoints;
using static UnixDatagram.Hosting.Endpoints.EndpointsLog;

namespace UnixDatagram.Hosting;

/// <summary>
/// Binds every configured endpoint before the host reports itself started (so systemd's <c>READY=1</c> means
/// bound, and a bad path fails start), runs their receive loops, applies reloaded endpoint sets, and stops them gracefully.
/// </summary>
public sealed partial class DatagramListenerService : BackgroundService
{
    private readonly IServiceProvider _services;
    private readonly DaemonStatistics _statistics;
    private readonly TimeProvider _time;
    private readonly ILogger<DatagramListenerService> _logger;

    /// <summary>Held while endpoints are started, changed by a reload, or stopped: one of these at a time.</summary>
    private readonly SemaphoreSlim _change = new(1, 1);
    private DatagramDaemonOptions _options;
    private DatagramEndpoint[] _endpoints = [];
    private TaskCompletionSource _setChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _stopped;

    /// <summary>Creates the service; the host does this.</summary>
    public DatagramListenerService(IOptions<DatagramDaemonOptions> options, IServiceProvider services, DaemonStatistics statistics, TimeProvider time, ILogger<DatagramListenerService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _services = services;
        _statistics = statistics;
        _time = time;
        _logger = logger;
    }

    /// <summary>The endpoints serving now (a snapshot; a reload replaces it).</summary>
    internal IReadOnlyList<DatagramEndpoint> Endpoints => Volatile.Read(ref _endpoints);

    /// <summary>The configuration in force: the one bound at start, or the last one a reload applied.</summary>
    internal DatagramDaemonOptions Options => Volatile.Read(ref _options);

    /// <summary>Binds every endpoint, then starts the receive loops; if one endpoint fails, the others are closed and start fails.</summary>
    /// <exception cref="EndpointBindException">An endpoint could not be bound; the message names it, its key and its path.</exception>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var created = new List<DatagramEndpoint>();
        await _change.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var i = 0; i < _options.Endpoints.Count; i++)
            {
                created.Add(Create(_options.Endpoints[i], i));
            }

            // Only once every endpoint is bound: a start that fails leaves no endpoint receiving.
            foreach (var endpoint in created)
            {
                endpoint.Start();
            }

            Volatile.Write(ref _endpoints, [.. created]);
        }
        catch
        {
            foreach (var endpoint in created)
            {
                endpoint.Socket.Dispose();
            }

            throw;
        }
        finally
        {
            _change.Release();
        }

        if (created.Count == 0)
        {
            // The usual cause: the configuration files were looked for in the working directory (systemd starts
            // services in /) rather than beside the executable.
            LogNoEndpoints(_logger, _services.GetService<IHostEnvironment>()?.ContentRootPath ?? "(unknown)");
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until stop, or fails (stopping the host) if the receive loop of an endpoint in the current set dies.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var stopped = Task.Delay(Timeout.InfiniteTimeSpan, _time, stoppingToken);
        while (true)
        {
            var changed = Volatile.Read(ref _setChanged).Task;
            var endpoints = Volatile.Read(ref _endpoints);
            var done = await Task.WhenAny(endpoints.Select(e => e.ReceiveFailure).Append(stopped).Append(changed)).ConfigureAwait(false);
            if (done == stopped)
            {
                return;
            }

            if (done != changed)
            {
                await done.ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Refuses new datagrams on our own sockets, handles what their kernel queues held and what is in flight within
    /// <c>ShutdownTimeout</c>, reports the rest, and removes our socket files.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        var held = false;
        try
        {
            // A reload that is applying finishes first, so that no endpoint it creates is left running.
            await _change.WaitAsync(cancellationToken).ConfigureAwait(false);
            held = true;
        }
        catch (OperationCanceledException)
        {
        }

        try
        {
            _stopped = true;
            var endpoints = Volatile.Read(ref _endpoints);
            await Task.WhenAll(endpoints.Select(e => e.StopAsync(Options.ShutdownTimeout, cancellationToken))).ConfigureAwait(false);
        }
        finally
        {
            if (held)
            {
                _change.Release();
            }
        }

        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Closes every socket still open, removing our socket files: after a start that failed in another service (the
    /// control socket, a third party's service), the host is disposed without a stop, and nothing may stay behind.
    /// </summary>
    public override void Dispose()
    {
        _change.Dispose();
        foreach (var endpoint in _endpoints)
        {
            endpoint.Socket.Dispose();
        }

        base.Dispose();
    }

    /// <summary>Binds (or adopts) the socket of endpoint <paramref name="index"/> and builds its dispatch; nothing is started.</summary>
    private DatagramEndpoint Create(DatagramEndpointOptions options, int index)
    {
        var handlers = Handlers(options);
        var socket = _services.GetRequiredService<EndpointBinder>().Bind(options, index);
        WarnIfForwardOpenToAll(options, socket);
        return new DatagramEndpoint(options, socket, handlers, _statistics, _services.GetRequiredService<DatagramMetrics>(), EndpointLogger(options), _time);
    }

    /// <summary>
    /// Warning 1013: an endpoint that hands datagrams to <c>forward</c>, which sends them on with this daemon's
    /// credentials, while any local user may send to it (an abstract name, or a file others may write) and no allow-list
    /// narrows that: a confused deputy, whatever the target's own allow-list says.
    /// </summary>
    private void WarnIfForwardOpenToAll(DatagramEndpointOptions options, UnixDatagramSocket socket)
    {
        if (!options.Handlers.Contains(BuiltInHandlerNames.Forward, StringComparer.Ordinal) || options.AllowedUserIds.Count > 0 || options.AllowedGroupIds.Count > 0)
        {
            return;
        }

        var address = socket.LocalAddress;
        var why = address.Kind == UnixAddressKind.Abstract
            ? $"{address} is an abstract name, which has no permissions"
            : (socket.IsAdopted ? socket.GetSocketFileStatus()?.Mode : OctalFileMode.Parse(options.EffectiveMode)) is { } mode && (mode & UnixFileMode.OtherWrite) != 0
                ? $"{address} has mode {SocketReach.Octal(mode)}"
                : null;
        if (why is not null)
        {
            LogForwardOpenToAll(_logger, options.Name, UnixProcess.EffectiveUserId, why);
        }
    }

    private HandlerBinding[] Handlers(DatagramEndpointOptions options) =>
        [.. options.Handlers.Select(name => new HandlerBinding(name, _services.GetRequiredKeyedService<IDatagramHandler>(name)))];

    private ILogger EndpointLogger(DatagramEndpointOptions options) =>
        _services.GetRequiredService<ILoggerFactory>().CreateLogger("UnixDatagram.Endpoint." + options.Name);
}
