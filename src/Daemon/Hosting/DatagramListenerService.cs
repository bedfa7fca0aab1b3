using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UnixDatagram.Handlers;

namespace UnixDatagram.Hosting;

/// <summary>
/// Binds every configured endpoint before the host reports itself started (so systemd's <c>READY=1</c> means
/// bound, and a bad path fails start), runs their receive loops, and stops them gracefully.
/// </summary>
public sealed partial class DatagramListenerService : BackgroundService
{
    private readonly DatagramDaemonOptions _options;
    private readonly IServiceProvider _services;
    private readonly DaemonStatistics _statistics;
    private readonly TimeProvider _time;
    private readonly ILogger<DatagramListenerService> _logger;
    private readonly List<DatagramEndpoint> _endpoints = [];

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

    internal IReadOnlyList<DatagramEndpoint> Endpoints => _endpoints;

    /// <summary>Binds every endpoint, then starts the receive loops; if one endpoint fails, the others are closed and start fails.</summary>
    /// <exception cref="EndpointBindException">An endpoint could not be bound; the message names it, its key and its path.</exception>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var binder = _services.GetRequiredService<EndpointBinder>();
        var metrics = _services.GetRequiredService<DatagramMetrics>();
        var loggerFactory = _services.GetRequiredService<ILoggerFactory>();
        try
        {
            for (var i = 0; i < _options.Endpoints.Count; i++)
            {
                var options = _options.Endpoints[i];
                var handlers = options.Handlers
                    .Select(name => new HandlerBinding(name, _services.GetRequiredKeyedService<IDatagramHandler>(name)))
                    .ToArray();
                var socket = binder.Bind(options, i);
                _endpoints.Add(new DatagramEndpoint(options, socket, handlers, _statistics, metrics, loggerFactory.CreateLogger("UnixDatagram.Endpoint." + options.Name), _time));
            }

            // Only once every endpoint is bound: a start that fails leaves no endpoint receiving.
            foreach (var endpoint in _endpoints)
            {
                endpoint.Start();
            }
        }
        catch
        {
            foreach (var endpoint in _endpoints)
            {
                endpoint.Socket.Dispose();
            }

            _endpoints.Clear();
            throw;
        }

        if (_endpoints.Count == 0)
        {
            LogNoEndpoints(_logger);
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until stop, or fails (stopping the host) if an endpoint's receive loop dies.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_endpoints.Count == 0)
        {
            return;
        }

        var stopped = Task.Delay(Timeout.InfiniteTimeSpan, _time, stoppingToken);
        var failed = await Task.WhenAny(_endpoints.Select(e => e.ReceiveFailure).Append(stopped)).ConfigureAwait(false);
        if (failed != stopped)
        {
            await failed.ConfigureAwait(false);
        }
    }

    /// <summary>Stops reading, lets in-flight handlers finish within <c>ShutdownTimeout</c>, reports the rest, and removes our socket files.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_endpoints.Select(e => e.StopAsync(_options.ShutdownTimeout, cancellationToken))).ConfigureAwait(false);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(1010, LogLevel.Warning, "No endpoints are configured (Daemon:Endpoints is empty): nothing will be received")]
    private static partial void LogNoEndpoints(ILogger logger);
}
