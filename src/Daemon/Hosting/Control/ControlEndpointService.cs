using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting;

/// <summary>
/// The control socket (<c>Daemon:ControlPath</c>): answers a datagram <c>health</c> or <c>stats</c> with one JSON
/// datagram, sent back to the requester, which must therefore be bound (<c>dgramd health</c> binds an abstract name).
/// Mode 0600: only the daemon's user (and root) may ask.
/// </summary>
internal sealed partial class ControlEndpointService(
    IOptions<DatagramDaemonOptions> options,
    SocketDirectory directory,
    HealthCheckService health,
    DaemonStatistics statistics,
    IDatagramDaemonReloader reloader,
    ILogger<ControlEndpointService> logger) : BackgroundService
{
    private UnixDatagramSocket? _socket;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.ControlPath is { Length: > 0 } configured)
        {
            var path = directory.Resolve(configured);
            var address = UnixSocketAddress.Parse(path);
            if (address.Kind == UnixAddressKind.Path)
            {
                directory.EnsureExists();
                if (UnixSocketFile.RemoveIfStale(path) is not UnixSocketFileState.Missing and var state)
                {
                    throw new EndpointBindException("control", $"Daemon:ControlPath: '{path}' is taken ({state}); it is left alone.");
                }
            }

            _socket = new UnixDatagramSocket();
            try
            {
                _socket.Bind(address, new UnixSocketFileOptions { Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
            }
            catch (UnixSocketException ex)
            {
                _socket.Dispose();
                throw new EndpointBindException("control", $"Daemon:ControlPath: cannot bind the control socket '{path}': {ex.Message}", ex);
            }

            LogListening(logger, path);
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_socket is null)
        {
            return;
        }

        var buffer = new byte[256];
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var request = await _socket.ReceiveAsync(buffer, stoppingToken).ConfigureAwait(false);
                var command = Encoding.UTF8.GetString(buffer, 0, request.Length).Trim();
                if (!request.Sender.IsAddressable)
                {
                    LogUnnamedRequester(logger, command);
                    continue;
                }

                if (command == "reload")
                {
                    // Answered once the reload is done, which may take a while: other requests are served meanwhile.
                    _ = ReloadAndReplyAsync(request.Sender, stoppingToken);
                    continue;
                }

                var reply = command switch
                {
                    "health" => ControlReplies.Health(await health.CheckHealthAsync(stoppingToken).ConfigureAwait(false)),
                    "stats" => ControlReplies.Stats(statistics),
                    _ => ControlReplies.Error($"unknown request '{command}': send 'health', 'stats' or 'reload'"),
                };
                try
                {
                    await _socket.SendToAsync(reply, request.Sender, stoppingToken).ConfigureAwait(false);
                }
                catch (UnixSocketException ex)
                {
                    LogReplyFailed(logger, request.Sender.ToString(), ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (ObjectDisposedException)
        {
            // Closed during stop.
        }
    }

    private async Task ReloadAndReplyAsync(UnixSocketAddress requester, CancellationToken stoppingToken)
    {
        try
        {
            var result = await reloader.ReloadAsync(stoppingToken).ConfigureAwait(false);
            if (_socket is { } socket)
            {
                await socket.SendToAsync(ControlReplies.Reload(result), requester, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (UnixSocketException ex)
        {
            LogReplyFailed(logger, requester.ToString(), ex.Message);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // Stopping: the requester gets no answer and says so.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        _socket?.Dispose();
    }

    public override void Dispose()
    {
        _socket?.Dispose();
        base.Dispose();
    }

    [LoggerMessage(1200, LogLevel.Information, "Control socket listening on {Path} (requests: health, stats, reload)")]
    private static partial void LogListening(ILogger logger, string path);

    [LoggerMessage(1201, LogLevel.Warning, "Control request '{Request}' from an unnamed socket ignored: the requester must bind to receive a reply")]
    private static partial void LogUnnamedRequester(ILogger logger, string request);

    [LoggerMessage(1202, LogLevel.Warning, "Control reply to {Requester} failed: {Reason}")]
    private static partial void LogReplyFailed(ILogger logger, string requester, string reason);
}
