using static UnixDatagram.Hosting.Endpoints.EndpointsLog;
using UnixDatagram.Hosting.Diagnostics;
using UnixDatagram.Hosting.Options;

namespace UnixDatagram.Hosting.Endpoints;

/// <summary>
/// Gets each endpoint its socket: adopted from systemd, or bound by the socket-file rules. A stale socket file is
/// removed; a live socket, a regular file, a directory or a symbolic link never is. Mode and owner are applied
/// before the socket appears at its path.
/// </summary>
internal sealed class EndpointBinder(SocketDirectory directory, ILoggerFactory loggerFactory, IInheritedSockets? inherited = null)
{
    private readonly ILogger _logger = LogCategory.For<EndpointBinder>(loggerFactory);

    public UnixDatagramSocket Bind(DatagramEndpointOptions endpoint, int index)
    {
        var key = $"Daemon:Endpoints:{index}";
        if (endpoint.FileDescriptorName is { Length: > 0 } fdName)
        {
            string? passedName = null;
            if (TryTake(endpoint, $"{key}:FileDescriptorName", (i, [MaybeNullWhen(false)] out s) => i.TryTakeByName(fdName, out s, out passedName), out var named))
            {
                LogAdopted(_logger, endpoint.Name, passedName ?? fdName, named.LocalAddress.ToString());
                RefuseAbstract(named, endpoint, key, $"the socket systemd passed as '{passedName ?? fdName}'", byDescriptorName: true);
                WarnIfNoCredentials(named, endpoint, passedName ?? fdName);
                CheckFile(named, endpoint, key);
                return Configure(named, endpoint, key);
            }

            // A Path names the same socket by its address: a .socket unit's ListenDatagram= is found whatever its names.
            if (endpoint.Path is { Length: > 0 } fallback
                && TryTake(endpoint, $"{key}:Path", (i, [MaybeNullWhen(false)] out s) => i.TryTakeByPath(directory.Resolve(fallback), out s), out var atPath))
            {
                LogAdopted(_logger, endpoint.Name, "(matched by path)", directory.Resolve(fallback));
                RefuseAbstract(atPath, endpoint, key, "the socket systemd passed", byDescriptorName: false);
                WarnIfNoCredentials(atPath, endpoint, "(matched by path)");
                CheckFile(atPath, endpoint, key);
                return Configure(atPath, endpoint, key);
            }

            var passed = inherited?.DescribeUntaken() ?? "socket activation is not set up in this host";
            var names = fdName.EndsWith(".socket", StringComparison.Ordinal) ? $"'{fdName}'" : $"'{fdName}' (or '{fdName}.socket', the default name of {fdName}.socket's sockets)";
            var path = endpoint.Path is { Length: > 0 } p ? $" or bound to '{directory.Resolve(p)}'" : string.Empty;
            throw new EndpointBindException(endpoint.Name, $"{key}:FileDescriptorName: endpoint '{endpoint.Name}' expects a socket named {names}{path} from systemd, but none was passed; {passed}. Set FileDescriptorName to one of those names (the .socket unit's FileDescriptorName=, by default the unit's own name), or Path to the socket's address.");
        }

        var resolved = directory.Resolve(endpoint.Path!);
        if (TryTake(endpoint, $"{key}:Path", (i, [MaybeNullWhen(false)] out s) => i.TryTakeByPath(resolved, out s), out var byPath))
        {
            LogAdopted(_logger, endpoint.Name, "(matched by path)", resolved);
            RefuseAbstract(byPath, endpoint, key, "the socket systemd passed", byDescriptorName: false);
            WarnIfNoCredentials(byPath, endpoint, "(matched by path)");
            CheckFile(byPath, endpoint, key);
            return Configure(byPath, endpoint, key);
        }

        var address = UnixSocketAddress.Parse(resolved);
        if (address.Kind == UnixAddressKind.Path)
        {
            try
            {
                directory.Prepare(resolved);
            }
            catch (UnixDirectoryException ex)
            {
                throw new EndpointBindException(endpoint.Name, $"{key}:Path: endpoint '{endpoint.Name}' ('{resolved}'): {ex.Message}", ex);
            }

            PrepareFile(endpoint, key, resolved);
        }

        var socket = new UnixDatagramSocket();
        try
        {
            // Credentials must be on before the name exists: a datagram queued earlier carries pid 0 and the overflow
            // uid/gid (65534), which would pass for a real sender.
            Configure(socket, endpoint, key);
            socket.Bind(address, FileOptions(endpoint));
        }
        catch (UnixSocketException ex)
        {
            socket.Dispose();
            throw new EndpointBindException(endpoint.Name, $"{key}:Path: endpoint '{endpoint.Name}' cannot bind '{resolved}': {ex.Message}", ex);
        }

        if (address.Kind == UnixAddressKind.Abstract)
        {
            LogBoundAbstract(_logger, endpoint.Name, address.ToString());
            return socket;
        }

        LogBound(_logger, endpoint.Name, address.ToString(), string.IsNullOrWhiteSpace(endpoint.EffectiveMode) ? "(umask)" : endpoint.EffectiveMode);
        if (address.Kind == UnixAddressKind.Path && OctalFileMode.Parse(endpoint.EffectiveMode) is { } mode
            && SocketReach.DeniedBy(resolved, mode, groupGranted: endpoint.GroupId is not null) is { } denied)
        {
            LogModeBeyondDirectory(_logger, endpoint.Name, resolved, SocketReach.Octal(mode), $"{key}:Mode", denied.Directory, SocketReach.Octal(denied.Mode), denied.Whom);
        }

        return socket;
    }

    /// <summary>Applies changed socket options (credentials, receive buffer) to a socket an endpoint keeps across a reload.</summary>
    /// <exception cref="EndpointBindException">The kernel refused; the message names the endpoint and its key.</exception>
    public static void Reconfigure(UnixDatagramSocket socket, DatagramEndpointOptions endpoint, int index) =>
        Configure(socket, endpoint, string.Create(CultureInfo.InvariantCulture, $"Daemon:Endpoints:{index}"), null);

    private delegate bool Take(IInheritedSockets inherited, [MaybeNullWhen(false)] out UnixDatagramSocket socket);

    /// <summary>Takes a passed socket; one that is not a datagram socket fails start with the configuration key.</summary>
    private bool TryTake(DatagramEndpointOptions endpoint, string key, Take take, [MaybeNullWhen(false)] out UnixDatagramSocket socket)
    {
        socket = null;
        try
        {
            return inherited is not null && take(inherited, out socket);
        }
        catch (InvalidOperationException ex)
        {
            throw new EndpointBindException(endpoint.Name, $"{key}: endpoint '{endpoint.Name}': {ex.Message}", ex);
        }
    }

    private void PrepareFile(DatagramEndpointOptions endpoint, string key, string path)
    {
        var state = UnixSocketFile.Probe(path);
        if (state == UnixSocketFileState.Stale)
        {
            try
            {
                // Probes again before it unlinks: a process that took the path meanwhile keeps it.
                state = UnixSocketFile.RemoveIfStale(path);
            }
            catch (UnixSocketException ex)
            {
                throw new EndpointBindException(endpoint.Name, $"{key}:Path: endpoint '{endpoint.Name}': cannot remove the stale socket file '{path}': {ex.Message}", ex);
            }

            if (state == UnixSocketFileState.Missing)
            {
                LogStaleRemoved(_logger, endpoint.Name, path);
                return;
            }
        }

        switch (state)
        {
            case UnixSocketFileState.Missing:
                return;
            case UnixSocketFileState.Live:
                throw new EndpointBindException(endpoint.Name, $"{key}:Path: endpoint '{endpoint.Name}': another process is already receiving at '{path}'; it is left alone. Stop that process or choose another path.");
            case UnixSocketFileState.NotASocket:
                throw new EndpointBindException(endpoint.Name, $"{key}:Path: endpoint '{endpoint.Name}': '{path}' exists and is not a socket (a regular file, directory or symbolic link); it is never removed. Move it away or choose another path.");
            default:
                throw new EndpointBindException(endpoint.Name, $"{key}:Path: endpoint '{endpoint.Name}': '{path}' is a socket whose state cannot be checked (no permission to connect to it); it is left alone.");
        }
    }

    /// <summary>
    /// A socket systemd passed at an abstract name (<c>ListenDatagram=@name</c>) has no permissions either: it needs the
    /// endpoint's <c>AllowAbstractName</c>, as a configured <c>@name</c> does. A Path naming it was refused at start already;
    /// the refusal names the key that chose the socket (<c>FileDescriptorName</c> or <c>Path</c>).
    /// </summary>
    private static void RefuseAbstract(UnixDatagramSocket socket, DatagramEndpointOptions endpoint, string key, string what, bool byDescriptorName)
    {
        UnixSocketAddress address;
        try
        {
            address = socket.LocalAddress;
        }
        catch (UnixSocketException)
        {
            return; // Not an address this check can read; Configure reports a socket that does not work.
        }

        if (address.Kind == UnixAddressKind.Abstract && !endpoint.AllowAbstractName)
        {
            socket.Dispose();
            var label = $"endpoint '{endpoint.Name}' ({what})";
            throw new EndpointBindException(endpoint.Name, byDescriptorName ? AbstractEndpoint.PassedRefusal(key, label, address.ToString()) : AbstractEndpoint.Refusal(key, label, address.ToString()));
        }
    }

    /// <summary>
    /// A socket systemd passed without <c>SO_PASSCRED</c> (a <c>.socket</c> unit without <c>PassCredentials=yes</c>,
    /// or <c>systemd-socket-activate</c>, which cannot set it): what is queued in it now, the datagram that started
    /// the daemon included, carries no credentials. They are reported as unknown (and refused by an allow-list).
    /// </summary>
    private void WarnIfNoCredentials(UnixDatagramSocket socket, DatagramEndpointOptions endpoint, string fdName)
    {
        try
        {
            if (WantsCredentials(endpoint) && !socket.PassCredentials)
            {
                LogAdoptedWithoutCredentials(_logger, endpoint.Name, fdName, socket.LocalAddress.ToString());
            }
        }
        catch (UnixSocketException)
        {
            // Configure sets the option next and reports a failure with the endpoint's key.
        }
    }

    /// <summary>An endpoint's Mode, UserId and GroupId against the passed socket's file (<see cref="AdoptedSocketFile"/>); a refused socket is closed.</summary>
    private void CheckFile(UnixDatagramSocket socket, DatagramEndpointOptions endpoint, string key)
    {
        try
        {
            AdoptedSocketFile.Check(socket, endpoint, key, _logger);
        }
        catch (EndpointBindException)
        {
            socket.Dispose();
            throw;
        }
    }

    private UnixDatagramSocket Configure(UnixDatagramSocket socket, DatagramEndpointOptions endpoint, string key) => Configure(socket, endpoint, key, _logger);

    private static UnixDatagramSocket Configure(UnixDatagramSocket socket, DatagramEndpointOptions endpoint, string key, ILogger? logger)
    {
        try
        {
            var credentials = WantsCredentials(endpoint);
            if (!endpoint.PassCredentials && credentials && logger is not null)
            {
                LogCredentialsKept(logger, endpoint.Name, $"{key}:PassCredentials", CredentialsNeededBy(endpoint)!);
            }

            if (!socket.IsAdopted)
            {
                socket.PassCredentials = credentials;
                if (endpoint.ReceiveBufferSize is { } size)
                {
                    socket.ReceiveBufferSize = size;
                }

                return socket;
            }

            // A passed socket's options outlive this process (systemd passes the same socket to the next instance):
            // credentials are only ever turned on, never off, and the buffer size is the .socket unit's business.
            if (credentials && !socket.PassCredentials)
            {
                socket.PassCredentials = true;
            }

            if (endpoint.ReceiveBufferSize is { } ignored && logger is not null)
            {
                LogReceiveBufferNotApplied(logger, endpoint.Name, $"{key}:ReceiveBufferSize", ignored);
            }

            return socket;
        }
        catch (UnixSocketException ex)
        {
            throw new EndpointBindException(endpoint.Name, $"{key}: endpoint '{endpoint.Name}': cannot set socket options: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// What on the endpoint needs its senders' credentials whatever <c>PassCredentials</c> says, in words; null when
    /// nothing does. Each fails open without them: an allow-list could not tell anyone apart, the self-sent guard would
    /// let the daemon's own output loop back, and the rate limit would put every sender in one budget.
    /// </summary>
    internal static string? CredentialsNeededBy(DatagramEndpointOptions endpoint)
    {
        var needs = new List<string>(3);
        if (endpoint.AllowedUserIds.Count > 0 || endpoint.AllowedGroupIds.Count > 0)
        {
            needs.Add("the sender allow-list (AllowedUserIds, AllowedGroupIds)");
        }

        if (!endpoint.AcceptSelfSent)
        {
            needs.Add("the self-sent guard (AcceptSelfSent is false)");
        }

        if (endpoint.RateLimitBurst > 0 && endpoint.RateLimitInterval > TimeSpan.Zero)
        {
            needs.Add("the per-sender rate limit (RateLimitBurst)");
        }

        return needs.Count == 0 ? null : string.Join(", ", needs);
    }

    private static bool WantsCredentials(DatagramEndpointOptions endpoint) => endpoint.PassCredentials || CredentialsNeededBy(endpoint) is not null;

    private static UnixSocketFileOptions FileOptions(DatagramEndpointOptions endpoint) => new()
    {
        Mode = OctalFileMode.Parse(endpoint.EffectiveMode),
        UserId = endpoint.UserId,
        GroupId = endpoint.GroupId,
    };
}
