using System.Text;
using UnixDatagram.Handlers.Internal;
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
    private readonly Dictionary<uint, RateLimiter> _droppedLogs = [];
    private readonly ReplyBudget _budget = new([.. options.Value.ControlAllowedUserIds, .. options.Value.ControlReloadUserIds]);
    private readonly HashSet<uint> _allowed = [0, UnixProcess.EffectiveUserId, .. options.Value.ControlAllowedUserIds, .. options.Value.ControlReloadUserIds];
    private readonly HashSet<uint> _mayReload = [0, UnixProcess.EffectiveUserId, .. options.Value.ControlReloadUserIds];
    private UnixDatagramSocket? _socket;

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
                if (request.Credentials is not { } credentials || !_allowed.Contains(credentials.UserId))
                {
                    var count = control.CountRejected();
                    if (_rejectedLog.TryAcquire(out _))
                    {
                        LogRejected(_logger, request.Credentials?.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown", request.Credentials?.ProcessId ?? 0, request.Credentials is null ? "no credentials came with it" : "the uid is in neither Daemon:ControlAllowedUserIds nor Daemon:ControlReloadUserIds (root and this daemon's own uid are always allowed)", count);
                    }

                    continue;
                }

                if (!request.Sender.IsAddressable)
                {
                    var count = control.CountUnanswerable();
                    if (_unnamedLog.TryAcquire(out _))
                    {
                        LogUnnamedRequester(_logger, credentials.UserId, credentials.ProcessId, count);
                    }

                    continue;
                }

                var command = request.IsTruncated ? string.Empty : Encoding.UTF8.GetString(buffer, 0, request.Length).Trim();
                if (command == "reload" && !_mayReload.Contains(credentials.UserId))
                {
                    RefuseReload(request.Sender, credentials, control);
                    continue;
                }

                if (command == "reload")
                {
                    // Answered once the reload is done, which may take a while: other requests are served meanwhile.
                    _ = ReloadAndReplyAsync(request.Sender, credentials, control, stoppingToken);
                    continue;
                }

                var reply = command switch
                {
                    "health" => ControlReplies.Health(await health.CheckHealthAsync(stoppingToken).ConfigureAwait(false)),
                    "stats" => ControlReplies.Stats(statistics, await handlerCounters.SnapshotAsync(stoppingToken).ConfigureAwait(false)),
                    _ => ControlReplies.Error("unknown request: send 'health', 'stats' or 'reload'"),
                };
                Reply(command, reply, request.Sender, credentials, control);
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

    private async Task ReloadAndReplyAsync(UnixSocketAddress requester, UnixCredentials credentials, ControlStatistics control, CancellationToken stoppingToken)
    {
        try
        {
            var result = await reloader.ReloadAsync(stoppingToken).ConfigureAwait(false);
            if (_socket is not null)
            {
                Reply("reload", ControlReplies.Reload(result), requester, credentials, control);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // Stopping: the requester gets no answer and says so.
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

        Reply("reload", ControlReplies.Denied(string.Create(CultureInfo.InvariantCulture, $"uid {credentials.UserId} may not reload this daemon: a reload is carried out only for uids {reloaders} (the daemon's own, root, and Daemon:ControlReloadUserIds); uid {credentials.UserId} may ask health and stats (Daemon:ControlAllowedUserIds). Nothing was reloaded.")), requester, credentials, control);
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

    /// <summary>
    /// Sends without waiting: a requester whose queue is full loses this reply, and the others are not held up. The
    /// reply goes only to the socket the request came from (<see cref="UnixDatagramSocket.ReplyTo"/>), as one datagram,
    /// so the send buffer is raised to fit it first (<see cref="ReplySendBuffer"/>); a reply larger than the kernel lets
    /// this socket send is replaced by an error reply that says so. A uid whose replies already fill its share of the
    /// send buffer (<see cref="ReplyBudget"/>) is not sent another.
    /// </summary>
    private void Reply(string request, byte[] reply, UnixSocketAddress requester, UnixCredentials credentials, ControlStatistics control)
    {
        var socket = _socket!;

        // An unknown request is the requester's own text: never logged.
        request = request is "health" or "stats" or "reload" ? request : "unknown";
        string? reason;
        lock (_budget)
        {
            try
            {
                if (ReplySendBuffer.Fit(socket, reply.Length, _budget.Shares) is { } tooLarge)
                {
                    reason = $"the {request} reply of {reply.Length} bytes is larger than the control socket can send: {tooLarge}; the requester was sent an error instead";
                    socket.ReplyTo(ControlReplies.Error($"the {request} reply of {reply.Length} bytes is too large for one datagram: {tooLarge}"), requester, credentials);
                }
                else if ((reason = _budget.Admit(socket, credentials.UserId, reply.Length)) is not null)
                {
                    // Not sent: this uid's requesters hold their share unread.
                }
                else if (socket.ReplyTo(reply, requester, credentials) == SendStatus.Sent)
                {
                    _budget.Sent(credentials.UserId, requester, reply.Length);
                    control.CountAnswered();
                    return;
                }
                else
                {
                    reason = "its queue is full, or this socket's send buffer still holds replies not read yet (root's or this daemon's own requesters that do not read their replies)";
                }
            }
            catch (UnixSocketException ex)
            {
                reason = ex.Message;
            }
        }

        var count = control.CountReplyDropped();
        if (DroppedLog(credentials.UserId).TryAcquire(out _))
        {
            LogReplyDropped(_logger, credentials.UserId, credentials.ProcessId, requester.ToString(), request, reason, count);
        }
    }

    /// <summary>Warning 1202's rate limit, one per uid, so that one uid's drops do not hide another's (the uids are the allowed ones: few).</summary>
    private RateLimiter DroppedLog(uint userId)
    {
        lock (_droppedLogs)
        {
            if (!_droppedLogs.TryGetValue(userId, out var limiter))
            {
                _droppedLogs[userId] = limiter = new RateLimiter(time, LogInterval);
            }

            return limiter;
        }
    }
}
