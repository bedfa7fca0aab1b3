using System.Text;
using static UnixDatagram.Hosting.Control.ControlLog;
using UnixDatagram.Hosting.Diagnostics;
using UnixDatagram.Hosting.Endpoints;

namespace UnixDatagram.Hosting.Control;

/// <summary>
/// The control socket (<c>Daemon:ControlPath</c>): answers a datagram <c>health</c>, <c>stats</c> or <c>reload</c> with
/// one JSON datagram, sent back to the requester, which must therefore be bound (<c>dgramd health</c> binds an abstract
/// name). Each request's kernel credentials are checked: only this process's user, root,
/// <c>Daemon:ControlAllowedUserIds</c> and <c>Daemon:ControlReloadUserIds</c> are answered, and a <c>reload</c> is
/// carried out only for the first two and the last (least privilege: a uid that may watch the daemon may not make it
/// re-read its files, re-bind its sockets and reopen its log files); the others get an error reply that says so.
/// Nothing a requester sends is logged; what is refused or dropped
/// is counted (<see cref="ControlStatistics"/>) and logged at most once per <see cref="LogInterval"/>. Replies never
/// block: a requester that does not read its replies loses them, not the others, and each allowed uid besides root
/// and this process's has its own share of unread replies (<see cref="ReplyBudget"/>), so one uid's sockets cannot
/// take the others' room.
/// </summary>
internal sealed class ControlEndpointService(
    IOptions<DatagramDaemonOptions> options,
    SocketDirectory directory,
    HealthCheckService health,
    DaemonStatistics statistics,
    HandlerCounters handlerCounters,
    IDatagramDaemonReloader reloader,
    TimeProvider time,
    ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly ILogger _logger = LogCategory.For<ControlEndpointService>(loggerFactory);

    /// <summary>At most one warning of each kind per interval.</summary>
    internal static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    private readonly RateLimiter _rejectedLog = new(time, LogInterval);
    private readonly RateLimiter _reloadRejectedLog = new(time, LogInterval);
    private readonly RateLimiter _unnamedLog = new(time, LogInterval);
    private readonly RateLimiter _relativeLog = new(time, LogInterval);
    private readonly ReplyBudget _budget = new([.. options.Value.ControlAllowedUserIds, .. options.Value.ControlReloadUserIds]);
    private readonly HashSet<uint> _allowed = [0, UnixProcess.EffectiveUserId, .. options.Value.ControlAllowedUserIds, .. options.Value.ControlReloadUserIds];
    private readonly HashSet<uint> _mayReload = [0, UnixProcess.EffectiveUserId, .. options.Value.ControlReloadUserIds];
    private UnixDatagramSocket? _socket;
    private ControlReplySender? _replies;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.ControlPath is { Length: > 0 } configured)
        {
            var path = directory.Resolve(configured);
            var address = UnixSocketAddress.Parse(path);
            if (address.Kind == UnixAddressKind.Path)
            {
                try
                {
                    directory.Prepare(path);
                }
                catch (UnixDirectoryException ex)
                {
                    throw new EndpointBindException("control", $"Daemon:ControlPath: '{path}': {ex.Message}", ex);
                }

                if (UnixSocketFile.RemoveIfStale(path) is not UnixSocketFileState.Missing and var state)
                {
                    throw new EndpointBindException("control", $"Daemon:ControlPath: '{path}' is taken ({state}); it is left alone.");
                }
            }

            _socket = new UnixDatagramSocket();
            try
            {
                // Before the name exists, so that no request arrives without credentials.
                _socket.PassCredentials = true;
                var mode = _allowed.All(uid => uid == 0 || uid == UnixProcess.EffectiveUserId)
                    ? UnixFileMode.UserRead | UnixFileMode.UserWrite
                    : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
                _socket.Bind(address, new UnixSocketFileOptions { Mode = mode });
            }
            catch (UnixSocketException ex)
            {
                _socket.Dispose();
                _socket = null;
                throw new EndpointBindException("control", $"Daemon:ControlPath: cannot bind the control socket '{path}': {ex.Message}", ex);
            }

            _replies = new ControlReplySender(_socket, _budget, statistics.Control, time, _logger);
            LogListening(_logger, path, string.Join(", ", _allowed.Order()), string.Join(", ", _mayReload.Order()));
            var others = _allowed.Where(uid => uid != 0 && uid != UnixProcess.EffectiveUserId).ToList();
            if (address.Kind == UnixAddressKind.Path && others.Count > 0
                && SocketReach.DeniedBy(path, UnixFileMode.OtherWrite, groupGranted: false) is { } denied)
            {
                LogControlUnreachable(_logger, path, string.Join(", ", others.Order()), denied.Directory, SocketReach.Octal(denied.Mode));
            }
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
        var control = statistics.Control;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var request = await _socket.ReceiveAsync(buffer, stoppingToken).ConfigureAwait(false);
                if (Admit(request, control) is not { } credentials)
                {
                    continue;
                }

                var command = Command(request, buffer);
                if (command == "reload" && !_mayReload.Contains(credentials.UserId))
                {
                    RefuseReload(request.Sender, credentials, control);
                    continue;
                }

                if (command == "reload")
                {
                    // Answered once the reload is done, which may take a while: other requests are served meanwhile.
                    _ = ReloadAndReplyAsync(request.Sender, credentials, stoppingToken);
                    continue;
                }

                byte[] reply;
                try
                {
                    reply = command switch
                    {
                        "health" => ControlReplies.Health(await health.CheckHealthAsync(stoppingToken).ConfigureAwait(false)),
                        "stats" => ControlReplies.Stats(statistics, await handlerCounters.SnapshotAsync(stoppingToken).ConfigureAwait(false)),
                        _ => ControlReplies.Error("unknown request: send 'health', 'stats' or 'reload'"),
                    };
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    reply = ControlReplies.Stopping($"the {command} request was cancelled before it was answered");
                }

                _replies!.Send(command, reply, request.Sender, credentials);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued is answered in StopAsync.
        }
        catch (ObjectDisposedException)
        {
            // Closed during stop.
        }
    }

    /// <summary>
    /// The credentials of a request this daemon answers; null, counted and logged (rate-limited), for one from a uid
    /// it does not answer, without credentials, or from an unnamed socket or one bound to a relative path (which
    /// cannot be answered: the path names a file only in the requester's own working directory).
    /// </summary>
    private UnixCredentials? Admit(ReceiveResult request, ControlStatistics control)
    {
        if (request.Credentials is not { } credentials || !_allowed.Contains(credentials.UserId))
        {
            var count = control.CountRejected();
            if (_rejectedLog.TryAcquire(out _))
            {
                LogRejected(_logger, request.Credentials?.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown", request.Credentials?.ProcessId ?? 0, request.Credentials is null ? "no credentials came with it" : "the uid is in neither Daemon:ControlAllowedUserIds nor Daemon:ControlReloadUserIds (root and this daemon's own uid are always allowed)", count);
            }

            return null;
        }

        if (!request.Sender.IsAddressable)
        {
            var count = control.CountUnanswerable();
            if (_unnamedLog.TryAcquire(out _))
            {
                LogUnnamedRequester(_logger, credentials.UserId, credentials.ProcessId, count);
            }

            return null;
        }

        if (request.Sender.IsRelativePath)
        {
            var count = control.CountUnanswerable();
            if (_relativeLog.TryAcquire(out _))
            {
                LogRelativeRequester(_logger, credentials.UserId, credentials.ProcessId, request.Sender.ToString(), request.Sender.UnanswerableReason!, count);
            }

            return null;
        }

        return credentials;
    }

    private static string Command(ReceiveResult request, byte[] buffer) =>
        request.IsTruncated ? string.Empty : Encoding.UTF8.GetString(buffer, 0, request.Length).Trim();

    private async Task ReloadAndReplyAsync(UnixSocketAddress requester, UnixCredentials credentials, CancellationToken stoppingToken)
    {
        try
        {
            byte[] reply;
            try
            {
                reply = ControlReplies.Reload(await reloader.ReloadAsync(stoppingToken).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                reply = ControlReplies.Stopping("the reload was cancelled before it finished");
            }

            if (_socket is not null)
            {
                _replies!.Send("reload", reply, requester, credentials);
            }
        }
        catch (ObjectDisposedException)
        {
            // The socket closed at the end of the stop: no way left to answer.
        }
    }

    /// <summary>A reload from a uid that may only query: answered with an error reply that says who may reload, counted as rejected, logged (rate-limited).</summary>
    private void RefuseReload(UnixSocketAddress requester, UnixCredentials credentials, ControlStatistics control)
    {
        var reloaders = string.Join(", ", _mayReload.Order());
        var count = control.CountRejected();
        if (_reloadRejectedLog.TryAcquire(out _))
        {
            LogRejected(_logger, credentials.UserId.ToString(CultureInfo.InvariantCulture), credentials.ProcessId, string.Create(CultureInfo.InvariantCulture, $"a reload is carried out only for uids {reloaders} (this daemon's, root and Daemon:ControlReloadUserIds); uid {credentials.UserId} may ask health and stats (Daemon:ControlAllowedUserIds), and was told so"), count);
        }

        _replies!.Send("reload", ControlReplies.Denied(string.Create(CultureInfo.InvariantCulture, $"uid {credentials.UserId} may not reload this daemon: a reload is carried out only for uids {reloaders} (the daemon's own, root, and Daemon:ControlReloadUserIds); uid {credentials.UserId} may ask health and stats (Daemon:ControlAllowedUserIds). Nothing was reloaded.")), requester, credentials);
    }

    /// <summary>
    /// Ends the loop (a request being answered then is told the daemon is stopping), then shuts the socket down for
    /// reading, so that a request sent from now on fails at once with <c>EPIPE</c> instead of waiting for a reply
    /// that cannot come, and answers each request already queued with <c>{"status": "stopping", ...}</c>: none waits
    /// out its client's timeout.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_socket is { } socket)
        {
            try
            {
                socket.ShutdownReceive();
                AnswerQueuedAtStop(socket);
            }
            catch (UnixSocketException)
            {
                // The kernel refused: whoever is still queued gets ECONNREFUSED once the socket closes.
            }

            socket.Dispose();
        }
    }

    private void AnswerQueuedAtStop(UnixDatagramSocket socket)
    {
        var buffer = new byte[256];
        var control = statistics.Control;
        while (socket.TryReceive(buffer, out var request))
        {
            if (Admit(request, control) is { } credentials)
            {
                var command = Command(request, buffer);
                _replies!.Send(command, ControlReplies.Stopping($"the {(command is "health" or "stats" or "reload" ? command : "unknown")} request came as the daemon was stopping; nothing was carried out"), request.Sender, credentials);
            }
        }
    }

    public override void Dispose()
    {
        _socket?.Dispose();
        base.Dispose();
    }
}
