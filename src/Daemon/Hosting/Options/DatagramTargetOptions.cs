namespace UnixDatagram.Hosting;

/// <summary>A named peer that <c>IDatagramSender</c> sends to over one connected socket.</summary>
public sealed class DatagramTargetOptions
{
    /// <summary>The target's name, unique among targets. Required.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The peer's path (relative to <see cref="DatagramDaemonOptions.SocketDirectory"/>, or absolute), or <c>@name</c>. Required.</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>
    /// The peer's user, trusted besides root and the daemon's effective user: the target's directory may be that
    /// user's (a service's <c>RuntimeDirectory=</c>), and in a directory where others may create names (that user's
    /// own, or a sticky one such as <c>/tmp</c>) the socket file must be root's, the daemon's user's or that user's.
    /// Default: null (root and the daemon's user only).
    /// </summary>
    public uint? PeerUserId { get; set; }

    /// <summary>
    /// Whether an abstract <c>@name</c> <see cref="Path"/> is accepted. An abstract name has no owner or permissions:
    /// any local process can bind it while the peer is away and receive what is sent to the target, with the daemon's
    /// credentials. Default: false (an abstract name fails start).
    /// </summary>
    public bool AllowAbstractName { get; set; }

    /// <summary>What a send does while the peer's queue is full. Default: <see cref="TargetCongestionMode.Wait"/>.</summary>
    public TargetCongestionMode WhenCongested { get; set; } = TargetCongestionMode.Wait;

    /// <summary>Datagrams held while congested (policies Wait and DropNewest). Default: 1024.</summary>
    public int QueueCapacity { get; set; } = 1024;

    /// <summary>How long the target may stay congested before its health check turns Unhealthy (Degraded until then). Default: 30 seconds.</summary>
    public TimeSpan UnhealthyAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first reconnect delay after the peer is gone; it doubles up to <see cref="ReconnectMaxDelay"/>. Default: 100 ms.</summary>
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest reconnect delay. Default: 30 seconds.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><c>SO_SNDBUF</c> in bytes; bounds the largest datagram. Default: null (the kernel's default).</summary>
    public int? SendBufferSize { get; set; }
}
