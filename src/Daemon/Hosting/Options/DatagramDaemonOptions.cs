namespace UnixDatagram.Hosting;

/// <summary>The daemon's configuration: the <c>Daemon</c> section of <c>appsettings.json</c>.</summary>
public sealed class DatagramDaemonOptions
{
    /// <summary>The configuration section bound by default: <c>Daemon</c>.</summary>
    public const string SectionName = "Daemon";

    /// <summary>
    /// Where relative endpoint and target paths live. Default: null, meaning <c>$RUNTIME_DIRECTORY</c> (systemd's
    /// <c>RuntimeDirectory=</c>), else <c>$XDG_RUNTIME_DIR/&lt;app&gt;</c>, else <c>/tmp/&lt;app&gt;-&lt;uid&gt;</c> (created 0700).
    /// </summary>
    public string? SocketDirectory { get; set; }

    /// <summary>The sockets to listen on. Default: none.</summary>
    public IList<DatagramEndpointOptions> Endpoints { get; } = [];

    /// <summary>The named peers <c>IDatagramSender</c> sends to. Default: none.</summary>
    public IList<DatagramTargetOptions> Targets { get; } = [];

    /// <summary>
    /// How long a stop has to read what the kernel had already queued for an endpoint (whose socket then refuses new
    /// datagrams) and to let queued and running datagrams be handled; what is left then is counted as dropped and its
    /// handlers cancelled. Default: 10 seconds.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The control socket that answers <c>health</c>, <c>stats</c> and <c>reload</c> requests (used by <c>dgramd health</c>,
    /// <c>dgramd stats</c> and <c>dgramd reload</c>); relative to <see cref="SocketDirectory"/>. Default: null (no control
    /// socket). A change takes effect at restart, not on reload.
    /// </summary>
    public string? ControlPath { get; set; }

    /// <summary>
    /// Who may query the control socket (<c>health</c>, <c>stats</c>) besides this process's user and root, by user id
    /// (checked on each request's kernel credentials, <c>SO_PASSCRED</c>); a <c>reload</c> from them is refused (see
    /// <see cref="ControlReloadUserIds"/>). Default: empty (only this process's user and root; the socket file is then
    /// 0600, unless <see cref="ControlReloadUserIds"/> names others, else 0666 and the credentials alone decide).
    /// </summary>
    public IList<uint> ControlAllowedUserIds { get; } = [];

    /// <summary>
    /// Who may also ask the control socket for a <c>reload</c> besides this process's user and root (who may always),
    /// by user id; they may query <c>health</c> and <c>stats</c> too. Default: empty (only this process's user and root
    /// reload).
    /// </summary>
    public IList<uint> ControlReloadUserIds { get; } = [];

    /// <summary>A binding failure of the configuration binder, reported by validation with the key at fault.</summary>
    internal string? BindingFailure { get; set; }
}
