using System.Text;

namespace UnixDatagram.Hosting.Options;

/// <summary>
/// Validates <see cref="DatagramDaemonOptions.Targets"/> at start and at reload: names present and unique, paths that
/// make a valid socket address once resolved against the socket directory, in a directory no other user controls (an
/// abstract name only when allowed), and sane queue, health and back-off settings. Every
/// message names the configuration key and its value, such as <c>Daemon:Targets:2:Path: '…' is 130 bytes long; the limit is 107</c>.
/// </summary>
internal sealed class TargetOptionsValidator(SocketDirectory directory) : IValidateOptions<DatagramDaemonOptions>
{
    /// <summary>The longest reconnect delay a timer can wait.</summary>
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    public ValidateOptionsResult Validate(string? name, DatagramDaemonOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        // Ignoring case, as configuration keys, health entries and metric tags are read: 'up' and 'UP' would be one.
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Targets.Count; i++)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"{DatagramDaemonOptions.SectionName}:Targets:{i}");
            if (options.Targets[i] is not { } target)
            {
                failures.Add($"{key}: the target is empty; give at least Name and Path.");
                continue;
            }

            ValidateName(target, key, i, names, options.Targets, failures);
            ValidatePath(target, key, failures);
            ValidateSettings(target, key, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateName(DatagramTargetOptions target, string key, int index, Dictionary<string, int> names, IList<DatagramTargetOptions> targets, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(target.Name))
        {
            failures.Add($"{key}:Name: '{target.Name}' is empty; every target needs a name, unique among targets.");
        }
        else if (ConfiguredName.Check($"{key}:Name", "target", target.Name) is { } badName)
        {
            failures.Add(badName);
        }
        else if (!names.TryAdd(target.Name, index))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:Name: '{target.Name}' is already the name of {DatagramDaemonOptions.SectionName}:Targets:{names[target.Name]}{ConfiguredName.SpeltOtherwise(targets[names[target.Name]].Name, target.Name)}; target names must be unique."));
        }
    }

    private void ValidatePath(DatagramTargetOptions target, string key, List<string> failures)
    {
        var path = target.Path;
        if (string.IsNullOrEmpty(path))
        {
            failures.Add($"{key}:Path: '' is empty; give the peer's socket path (absolute, or relative to the socket directory) or @name.");
            return;
        }

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            failures.Add($"{key}:Path: '{path.Replace("\0", "\\0", StringComparison.Ordinal)}' contains a NUL character.");
            return;
        }

        if (path == "@")
        {
            failures.Add($"{key}:Path: '@' is an empty abstract name; write @name.");
            return;
        }

        var resolved = directory.Resolve(path);
        var isAbstract = resolved.StartsWith('@');
        var bytes = Encoding.UTF8.GetByteCount(isAbstract ? resolved.AsSpan(1) : resolved.AsSpan());
        if (bytes > UnixSocketAddress.MaxPathBytes)
        {
            var what = string.Equals(resolved, path, StringComparison.Ordinal)
                ? $"'{path}'"
                : $"'{path}' resolves to '{resolved}' (socket directory from {directory.Source}), which";
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:Path: {what} is {bytes} bytes long; the limit is {UnixSocketAddress.MaxPathBytes}."));
        }
        else if (!UnixSocketAddress.TryParse(resolved, out _, out var error))
        {
            failures.Add($"{key}:Path: '{path}': {error}");
        }
        else if (isAbstract)
        {
            ValidateAbstract(target, key, failures);
        }
        else
        {
            ValidateDirectory(target, key, resolved, failures);
        }
    }

    /// <summary>An abstract name has no owner: whoever binds it while the peer is away gets what is sent, as the daemon.</summary>
    private static void ValidateAbstract(DatagramTargetOptions target, string key, List<string> failures)
    {
        if (!target.AllowAbstractName)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:Path: target '{target.Name}': '{target.Path}' is an abstract name, which has no owner or permissions: any local process can bind it while the peer is away and would then receive what this target sends, with the daemon's credentials (uid {UnixProcess.EffectiveUserId}). Give the peer a socket file in a directory only root or the peer's user can write, or set {key}:AllowAbstractName to true to accept that."));
        }
    }

    /// <summary>
    /// The peer's directory gets the endpoints' rule (see <see cref="UnixDirectory.SecurePeer"/>), checked again at every
    /// connect. A directory that does not exist yet is the peer not being there, not a failure.
    /// </summary>
    private static void ValidateDirectory(DatagramTargetOptions target, string key, string resolved, List<string> failures)
    {
        if (target.PeerUserId == uint.MaxValue)
        {
            failures.Add($"{key}:PeerUserId: '{target.PeerUserId}' is (uid_t)-1, which names no user; use a real id (0 to 4294967294).");
            return;
        }

        if (System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(resolved)) is not { Length: > 0 } parent)
        {
            return;
        }

        try
        {
            UnixDirectory.SecurePeer(parent, target.PeerUserId);
        }
        catch (UnixDirectoryException ex) when (!ex.IsMissing)
        {
            var hint = target.PeerUserId is null
                ? $" If the peer is a service of the user who owns that directory, name that user in {key}:PeerUserId."
                : string.Empty;
            failures.Add($"{key}:Path: target '{target.Name}': '{resolved}': {ex.Message}{hint}");
        }
    }

    private static void ValidateSettings(DatagramTargetOptions target, string key, List<string> failures)
    {
        if (target.QueueCapacity <= 0)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:QueueCapacity: '{target.QueueCapacity}' must be greater than 0."));
        }

        if (target.UnhealthyAfter <= TimeSpan.Zero)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:UnhealthyAfter: '{target.UnhealthyAfter}' must be greater than zero."));
        }

        if (target.ReconnectMinDelay <= TimeSpan.Zero)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:ReconnectMinDelay: '{target.ReconnectMinDelay}' must be greater than zero."));
        }
        else if (target.ReconnectMaxDelay < target.ReconnectMinDelay)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:ReconnectMaxDelay: '{target.ReconnectMaxDelay}' is less than ReconnectMinDelay '{target.ReconnectMinDelay}'."));
        }
        else if (target.ReconnectMaxDelay > MaxDelay)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:ReconnectMaxDelay: '{target.ReconnectMaxDelay}' is longer than a timer can wait ({MaxDelay})."));
        }

        if (target.SendBufferSize is <= 0)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:SendBufferSize: '{target.SendBufferSize}' must be greater than 0, or absent for the kernel's default."));
        }

        if (!Enum.IsDefined(target.WhenCongested))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:WhenCongested: '{target.WhenCongested}' is not one of {string.Join(", ", Enum.GetNames<TargetCongestionMode>())}."));
        }
    }
}
