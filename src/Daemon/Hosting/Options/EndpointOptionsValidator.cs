namespace UnixDatagram.Hosting.Options;

/// <summary>
/// Checks the endpoints (and the daemon-wide settings) at start: every failure names the configuration key, the
/// endpoint and the value, and all failures are reported together.
/// </summary>
internal sealed class EndpointOptionsValidator(SocketDirectory directory, HandlerRegistry handlers, IOptionsMonitor<ForwardHandlerOptions>? forwardOptions = null) : IValidateOptions<DatagramDaemonOptions>
{
    /// <summary>The largest <c>MaxDatagramSize</c>: 16 MiB (the kernel's own limit is lower, set by the sender's SO_SNDBUF).</summary>
    internal const int MaxDatagramSizeLimit = 16 * 1024 * 1024;

    /// <summary>The longest timeout a timer takes (<c>uint.MaxValue - 1</c> ms, about 49.7 days).</summary>
    internal static readonly TimeSpan MaxTimeout = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    public ValidateOptionsResult Validate(string? name, DatagramDaemonOptions options)
    {
        var errors = new List<string>();
        if (options.ShutdownTimeout < TimeSpan.Zero || options.ShutdownTimeout > MaxTimeout)
        {
            errors.Add($"Daemon:ShutdownTimeout: {options.ShutdownTimeout} must be between 00:00:00 and {MaxTimeout}.");
        }

        string? controlResolved = null;
        if (options.ControlPath is { Length: > 0 } control)
        {
            if (control.StartsWith('@'))
            {
                errors.Add($"Daemon:ControlPath: '{control}' is an abstract name: it has no owner and no file permissions, so any local user could bind it first and answer health and stats in the daemon's place. Use a path (in the socket directory: a file name such as control.sock).");
            }
            else
            {
                controlResolved = CheckAddress(errors, "Daemon:ControlPath", "the control socket", control);
            }
        }

        CheckIds(errors, "Daemon:ControlAllowedUserIds", options.ControlAllowedUserIds);
        CheckIds(errors, "Daemon:ControlReloadUserIds", options.ControlReloadUserIds);
        // Ignoring case, as configuration keys, health entries and metric tags are read: 'ingest' and 'INGEST' would be one.
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var paths = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < options.Endpoints.Count; i++)
        {
            var endpoint = options.Endpoints[i];
            var key = string.Create(CultureInfo.InvariantCulture, $"Daemon:Endpoints:{i}");
            var label = string.IsNullOrWhiteSpace(endpoint.Name) ? $"#{i}" : $"'{ConfiguredName.Show(endpoint.Name)}'";
            if (string.IsNullOrWhiteSpace(endpoint.Name))
            {
                errors.Add($"{key}:Name: endpoint #{i} has no name.");
            }
            else if (ConfiguredName.Check($"{key}:Name", "endpoint", endpoint.Name) is { } badName)
            {
                errors.Add(badName);
            }
            else if (!names.TryAdd(endpoint.Name, i))
            {
                errors.Add($"{key}:Name: endpoint name '{endpoint.Name}' is already used by Daemon:Endpoints:{names[endpoint.Name]}{ConfiguredName.SpeltOtherwise(options.Endpoints[names[endpoint.Name]].Name, endpoint.Name)}.");
            }

            if (!string.IsNullOrEmpty(endpoint.FileDescriptorName) && !IsFileDescriptorName(endpoint.FileDescriptorName))
            {
                errors.Add($"{key}:FileDescriptorName: '{ConfiguredName.Show(endpoint.FileDescriptorName)}' is not a name systemd can pass: FileDescriptorName= is at most 255 printable ASCII characters, without ':' (systemd.socket(5)).");
            }

            if (string.IsNullOrWhiteSpace(endpoint.Path) && string.IsNullOrWhiteSpace(endpoint.FileDescriptorName))
            {
                errors.Add($"{key}:Path: endpoint {label} needs a Path (or a FileDescriptorName for a socket passed by systemd).");
            }
            else if (!string.IsNullOrWhiteSpace(endpoint.Path))
            {
                // With a FileDescriptorName the socket is adopted, never bound: its Path (which the command line uses
                // to find it) names a file the .socket unit owns, in a directory the daemon need not be able to write.
                var resolved = CheckAddress(errors, $"{key}:Path", $"endpoint {label}", endpoint.Path, willBind: string.IsNullOrWhiteSpace(endpoint.FileDescriptorName));
                if (resolved is not null && !paths.TryAdd(resolved, i))
                {
                    errors.Add($"{key}:Path: endpoint {label} uses '{endpoint.Path}' ({resolved}), already used by Daemon:Endpoints:{paths[resolved]}.");
                }
                else if (resolved is not null && string.Equals(resolved, controlResolved, StringComparison.Ordinal))
                {
                    errors.Add($"{key}:Path: endpoint {label} uses '{endpoint.Path}' ({resolved}), which is Daemon:ControlPath '{options.ControlPath}'.");
                }

                if (resolved is not null && resolved.StartsWith('@'))
                {
                    AbstractEndpoint.Check(errors, key, label, endpoint);
                }
            }

            CheckHandlers(errors, key, label, endpoint, options);
            CheckNumbers(errors, key, label, endpoint);
            CheckIds(errors, $"{key}:AllowedUserIds", endpoint.AllowedUserIds);
            CheckIds(errors, $"{key}:AllowedGroupIds", endpoint.AllowedGroupIds);
            CheckIds(errors, $"{key}:UserId", endpoint.UserId is { } u ? [u] : []);
            CheckIds(errors, $"{key}:GroupId", endpoint.GroupId is { } g ? [g] : []);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>systemd's <c>fdname_is_valid</c>: 1 to 255 characters from ' ' to '~', none of them ':'.</summary>
    private static bool IsFileDescriptorName(string name) =>
        name.Length <= 255 && name.All(c => c is >= ' ' and <= '~' and not ':');

    /// <summary>4294967295 is (uid_t)-1: no user or group has it, and chown takes it as "leave unchanged".</summary>
    private static void CheckIds(List<string> errors, string key, IList<uint> ids)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i] == uint.MaxValue)
            {
                var at = key.EndsWith("Id", StringComparison.Ordinal) ? key : string.Create(CultureInfo.InvariantCulture, $"{key}:{i}");
                errors.Add($"{at}: '{ids[i]}' is (uid_t)-1, which names no user or group; use a real id (0 to 4294967294).");
            }
        }
    }

    private void CheckHandlers(List<string> errors, string key, string label, DatagramEndpointOptions endpoint, DatagramDaemonOptions options)
    {
        if (endpoint.Handlers.Count == 0)
        {
            errors.Add($"{key}:Handlers: endpoint {label} lists no handlers; registered handlers: {string.Join(", ", handlers.Names.Order(StringComparer.Ordinal))}.");
        }

        for (var h = 0; h < endpoint.Handlers.Count; h++)
        {
            if (!handlers.Contains(endpoint.Handlers[h]))
            {
                errors.Add($"{key}:Handlers:{h}: endpoint {label} names handler '{ConfiguredName.Show(endpoint.Handlers[h])}', which is not registered; registered handlers: {string.Join(", ", handlers.Names.Order(StringComparer.Ordinal))}.");
            }
            else if (handlers.OptionsType(endpoint.Handlers[h]) == typeof(ForwardHandlerOptions) && forwardOptions is not null)
            {
                CheckForwardTarget(errors, key, h, label, endpoint.Handlers[h], options);
            }
        }
    }

    /// <summary>A forward handler must name a configured target: known at start, so not left to the first datagram.</summary>
    private void CheckForwardTarget(List<string> errors, string key, int index, string label, string handler, DatagramDaemonOptions options)
    {
        string target;
        try
        {
            target = forwardOptions!.Get(handler).Target;
        }
        catch (InvalidOperationException)
        {
            return; // The configuration check reports the value that does not convert.
        }

        var targets = options.Targets.Select(t => t.Name).Where(n => !string.IsNullOrWhiteSpace(n)).ToList();
        if (!targets.Contains(target, StringComparer.Ordinal))
        {
            var known = targets.Count == 0 ? "none is configured" : "configured: " + string.Join(", ", targets);
            errors.Add($"Daemon:Handlers:{handler}:Target: '{ConfiguredName.Show(target)}' is not a send target in Daemon:Targets ({known}); endpoint {label} uses the forward handler '{handler}' ({key}:Handlers:{index}).");
        }
    }

    private static void CheckNumbers(List<string> errors, string key, string label, DatagramEndpointOptions endpoint)
    {
        if (!Enum.IsDefined(endpoint.Dispatch))
        {
            errors.Add($"{key}:Dispatch: endpoint {label}: '{endpoint.Dispatch}' is not Ordered or Concurrent.");
        }

        if (!Enum.IsDefined(endpoint.WhenFull))
        {
            errors.Add($"{key}:WhenFull: endpoint {label}: '{endpoint.WhenFull}' is not Wait, DropNewest or DropOldest.");
        }

        if (!Enum.IsDefined(endpoint.WhenTruncated))
        {
            errors.Add($"{key}:WhenTruncated: endpoint {label}: '{endpoint.WhenTruncated}' is not Drop or Deliver.");
        }

        if (endpoint.MaxConcurrency < 1)
        {
            errors.Add($"{key}:MaxConcurrency: endpoint {label}: {endpoint.MaxConcurrency} must be at least 1.");
        }

        if (endpoint.QueueCapacity < 1)
        {
            errors.Add($"{key}:QueueCapacity: endpoint {label}: {endpoint.QueueCapacity} must be at least 1.");
        }

        if (endpoint.HandlerTimeout <= TimeSpan.Zero || endpoint.HandlerTimeout > MaxTimeout)
        {
            errors.Add($"{key}:HandlerTimeout: endpoint {label}: {endpoint.HandlerTimeout} must be positive and at most {MaxTimeout}.");
        }

        if (endpoint.ReplyTimeout < TimeSpan.Zero || endpoint.ReplyTimeout > endpoint.HandlerTimeout)
        {
            errors.Add($"{key}:ReplyTimeout: endpoint {label}: {endpoint.ReplyTimeout} must be zero or positive and at most HandlerTimeout ({endpoint.HandlerTimeout}).");
        }

        if (endpoint.StallTimeout <= TimeSpan.Zero || endpoint.StallTimeout > MaxTimeout)
        {
            errors.Add($"{key}:StallTimeout: endpoint {label}: {endpoint.StallTimeout} must be positive and at most {MaxTimeout}.");
        }

        if (endpoint.RateLimitInterval < TimeSpan.Zero || endpoint.RateLimitInterval > MaxTimeout)
        {
            errors.Add($"{key}:RateLimitInterval: endpoint {label}: {endpoint.RateLimitInterval} must be zero (off) or positive and at most {MaxTimeout}.");
        }

        if (endpoint.RateLimitBurst < 0)
        {
            errors.Add($"{key}:RateLimitBurst: endpoint {label}: {endpoint.RateLimitBurst} must be zero (off) or positive.");
        }

        if (!Enum.IsDefined(endpoint.RateLimitKey))
        {
            errors.Add($"{key}:RateLimitKey: endpoint {label}: '{endpoint.RateLimitKey}' is not UserId or ProcessId.");
        }

        if (endpoint.MaxDatagramSize < 1 || endpoint.MaxDatagramSize > MaxDatagramSizeLimit)
        {
            errors.Add($"{key}:MaxDatagramSize: endpoint {label}: {endpoint.MaxDatagramSize} must be between 1 and {MaxDatagramSizeLimit}.");
        }

        if (endpoint.ReceiveBufferSize is < 1)
        {
            errors.Add($"{key}:ReceiveBufferSize: endpoint {label}: {endpoint.ReceiveBufferSize} must be positive (or absent for the kernel's default).");
        }

        try
        {
            if (OctalFileMode.Parse(endpoint.EffectiveMode) is { } mode)
            {
                CheckMode(errors, key, label, endpoint.EffectiveMode, (int)mode);
            }
        }
        catch (FormatException ex)
        {
            errors.Add($"{key}:Mode: endpoint {label}: {ex.Message}");
        }
    }

    /// <summary>A socket file's mode: permission bits only, and someone must be able to write (connect needs write permission).</summary>
    private static void CheckMode(List<string> errors, string key, string label, string text, int mode)
    {
        if ((mode & ~0x1FF) != 0)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:Mode: endpoint {label}: '{text}' sets setuid, setgid or sticky bits ({Convert.ToString(mode & ~0x1FF, 8)}), which mean nothing on a socket; use permission bits only (0000 to 0777), such as 0660."));
        }
        else if ((mode & 0x92) == 0)
        {
            errors.Add($"{key}:Mode: endpoint {label}: '{text}' lets no one write to the socket, and sending needs write permission: only root could send. Use a mode such as 0660 or 0620.");
        }
    }

    /// <summary>Resolves and checks an address; returns it resolved, or null after adding the error.</summary>
    private string? CheckAddress(List<string> errors, string key, string what, string configured, bool willBind = true)
    {
        var resolved = directory.Resolve(configured);
        if (!UnixSocketAddress.TryParse(resolved, out var address, out var error))
        {
            errors.Add($"{key}: {what}: {error}");
            return null;
        }

        if (address.Kind == UnixAddressKind.Path && willBind)
        {
            var parent = Path.GetDirectoryName(Path.GetFullPath(address.Value));
            var isOwnDirectory = string.Equals(parent, directory.Path, StringComparison.Ordinal) && directory.CreateIfMissing;
            if (!isOwnDirectory && !string.IsNullOrEmpty(parent))
            {
                if (!Directory.Exists(parent) && string.Equals(parent, directory.Path, StringComparison.Ordinal))
                {
                    // Once, naming where the directory came from, for every socket that would have been bound there.
                    var missing = $"{directory.Source}: the socket directory '{directory.Path}' does not exist: create it, owned by root or this process's user and not writable by group or others, or {(directory.Source == "Daemon:SocketDirectory" ? "leave Daemon:SocketDirectory unset (systemd's RuntimeDirectory=, or a directory the daemon creates)" : "set Daemon:SocketDirectory")}.";
                    if (!errors.Contains(missing))
                    {
                        errors.Add(missing);
                    }
                }
                else if (!Directory.Exists(parent))
                {
                    errors.Add($"{key}: {what}: the directory '{parent}' of '{resolved}' does not exist.");
                }
                else if (!UnixDirectory.IsWritable(parent))
                {
                    errors.Add($"{key}: {what}: the directory '{parent}' of '{resolved}' is not writable by this process.");
                }
            }
        }

        // One file however it is spelled ("a.sock", "./a.sock"), for the uniqueness check.
        return address.Kind == UnixAddressKind.Path ? Path.GetFullPath(address.Value) : resolved;
    }
}
