namespace UnixDatagram.Hosting;

/// <summary>One listening socket: where it is, which handlers get its datagrams, and how they are dispatched.</summary>
public sealed class DatagramEndpointOptions
{
    /// <summary>The endpoint's name, unique among endpoints; used in logs, metrics and health. Required.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>
    /// The socket's path (relative to <see cref="DatagramDaemonOptions.SocketDirectory"/>, or absolute), or
    /// <c>@name</c> for the abstract namespace (only with <see cref="AllowAbstractName"/>). Required unless the socket
    /// comes from systemd by <see cref="FileDescriptorName"/>.
    /// </summary>
    public string? Path { get; set; }

    /// <summary>
    /// Whether the socket may have an abstract name (<c>@name</c>). An abstract name has no file, so no owner or
    /// permissions: any local user can send to it, and while the daemon is down any local process can bind the name
    /// and receive what clients send. Without this, such a <see cref="Path"/> (or a socket systemd passes with one)
    /// fails start; with it, only <see cref="AllowedUserIds"/> and <see cref="AllowedGroupIds"/> choose who is handled,
    /// and <see cref="Mode"/>, <see cref="UserId"/> and <see cref="GroupId"/> must not be set. Default: false.
    /// </summary>
    public bool AllowAbstractName { get; set; }

    /// <summary>
    /// The name of a socket passed by systemd (<c>FileDescriptorName=</c> in the <c>.socket</c> unit). Such a socket
    /// is adopted, never bound, chmod-ed or unlinked. Default: null (sockets passed by systemd are still matched by path).
    /// </summary>
    public string? FileDescriptorName { get; set; }

    /// <summary>The names of the handlers that get each datagram, in order. At least one is required.</summary>
    public IList<string> Handlers { get; } = [];

    /// <summary>How datagrams reach the handlers. Default: <see cref="DispatchMode.Ordered"/>.</summary>
    public DispatchMode Dispatch { get; set; } = DispatchMode.Ordered;

    /// <summary>With <see cref="DispatchMode.Concurrent"/>: how many datagrams are handled at once. Default: 4.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Datagrams read from the socket and waiting for a handler. Default: 256.</summary>
    public int QueueCapacity { get; set; } = 256;

    /// <summary>What to do when the queue is full. Default: <see cref="EndpointFullMode.Wait"/> (stop reading; senders see congestion).</summary>
    public EndpointFullMode WhenFull { get; set; } = EndpointFullMode.Wait;

    /// <summary>How long one datagram's handlers may run before they are cancelled. Default: 30 seconds.</summary>
    public TimeSpan HandlerTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a reply (<c>DatagramContext.ReplyAsync</c>) may wait for room in a peer's receive queue. A peer that
    /// does not read fills its queue (<c>net.unix.max_dgram_qlen</c>, 10 by default); its reply is then dropped after
    /// this time, counted (<c>replyDropped</c>) and logged (rate-limited), and the handler goes on, so one such peer
    /// cannot hold the endpoint. A peer whose reply was dropped gets no wait next time its queue is full. Zero: a
    /// reply that would block is dropped at once. Default: 100 milliseconds; at most <see cref="HandlerTimeout"/>.
    /// </summary>
    public TimeSpan ReplyTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long a handler may go on after its <see cref="HandlerTimeout"/> cancelled it (ignoring its token) before
    /// the endpoint counts as stalled: Unhealthy, so the systemd watchdog stops being fed and restarts the daemon.
    /// While a handler overruns its timeout by less than this, the endpoint is Degraded. Default: 30 seconds.
    /// </summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The per-sender rate limit's interval, as journald's <c>RateLimitIntervalSec=</c>: each sender (by
    /// <see cref="RateLimitKey"/>) may send <see cref="RateLimitBurst"/> datagrams per interval; the rest are
    /// suppressed, counted and reported once per interval per sender. Zero, or a zero burst, turns the limit off.
    /// Default: 30 seconds (with the burst at 0, off).
    /// </summary>
    public TimeSpan RateLimitInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Datagrams per sender per <see cref="RateLimitInterval"/>, as journald's <c>RateLimitBurst=</c>. Default: 0 (no limit).</summary>
    public int RateLimitBurst { get; set; }

    /// <summary>
    /// What identifies a sender for the rate limit, from its kernel-verified credentials: its user id (all of a
    /// user's processes share one budget) or its process id. Senders whose credentials are unknown share one budget.
    /// Default: <see cref="SenderRateLimitKey.UserId"/>.
    /// </summary>
    public SenderRateLimitKey RateLimitKey { get; set; } = SenderRateLimitKey.UserId;

    /// <summary>The largest datagram delivered whole, in bytes; longer ones are truncated. Default: 65536.</summary>
    public int MaxDatagramSize { get; set; } = 65536;

    /// <summary>What to do with a datagram longer than <see cref="MaxDatagramSize"/>. Default: <see cref="TruncatedDatagramMode.Drop"/>.</summary>
    public TruncatedDatagramMode WhenTruncated { get; set; } = TruncatedDatagramMode.Drop;

    /// <summary>
    /// Which thread reads the socket: <see cref="ReceiveThreadMode.WhenBusy"/> (the shared epoll thread, and a receive
    /// thread of a few while busy), <see cref="ReceiveThreadMode.Shared"/> or <see cref="ReceiveThreadMode.Dedicated"/>.
    /// Default: <see cref="ReceiveThreadMode.WhenBusy"/>.
    /// </summary>
    public ReceiveThreadMode ReceiveThread { get; set; }

    /// <summary><c>SO_RCVBUF</c> in bytes. Default: null (the kernel's default).</summary>
    public int? ReceiveBufferSize { get; set; }

    /// <summary>
    /// Whether each datagram carries the sender's kernel-verified pid, uid and gid. Default: true. False takes effect
    /// only where nothing needs them: with <see cref="AcceptSelfSent"/> true, no allow-list and no rate limit; otherwise
    /// they are received all the same, and start says so (event 1006).
    /// </summary>
    public bool PassCredentials { get; set; } = true;

    /// <summary>
    /// Whether datagrams this very process sent are handled. Default: false: a datagram whose kernel credentials
    /// carry the daemon's own pid is not handled by any handler, only counted (<c>selfSent</c>) and reported (once,
    /// then at most once an hour), so the daemon cannot feed on its own output: its own log lines that journald
    /// forwards (<c>ForwardToSyslog=yes</c>, with the original sender's credentials) to the syslog endpoint, or a
    /// <c>forward</c> handler whose target is an endpoint of this same daemon. Set it only on an endpoint that
    /// receives from inside its own process on purpose. Needs credentials: a datagram without them cannot be recognised.
    /// </summary>
    public bool AcceptSelfSent { get; set; }

    /// <summary>If not empty, only senders with one of these user ids are handled; others are rejected and counted. Default: empty (all).</summary>
    public IList<uint> AllowedUserIds { get; } = [];

    /// <summary>If not empty, only senders with one of these group ids are handled; others are rejected and counted. Default: empty (all).</summary>
    public IList<uint> AllowedGroupIds { get; } = [];

    /// <summary>
    /// The socket file's mode as an octal string, such as <c>"0660"</c>; an empty string leaves it to the umask.
    /// Default: null, which is <c>"0660"</c> for a socket file. Must stay null (or empty) for an abstract name. A socket
    /// systemd passes keeps the mode its <c>.socket</c> unit gave it (<c>SocketMode=</c>); set here, it is checked
    /// against that file, and one that grants more fails start (so do <see cref="UserId"/> and <see cref="GroupId"/>
    /// against <c>SocketUser=</c> and <c>SocketGroup=</c>).
    /// </summary>
    public string? Mode { get; set; }

    /// <summary>The socket file's owning user id. Default: null (the daemon's).</summary>
    public uint? UserId { get; set; }

    /// <summary>The socket file's owning group id. Default: null (the daemon's).</summary>
    public uint? GroupId { get; set; }

    /// <summary>The mode a socket file gets: <see cref="Mode"/>, or <c>"0660"</c> when it is not set.</summary>
    internal string EffectiveMode => Mode ?? "0660";
}
