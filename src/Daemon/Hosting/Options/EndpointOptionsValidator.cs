using System.Globalization;
using Microsoft.Extensions.Options;
using UnixDatagram.Hosting.Internal.Interop;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting;

/// <summary>
/// Checks the endpoints (and the daemon-wide settings) at start: every failure names the configuration key, the
/// endpoint and the value, and all failures are reported together.
/// </summary>
internal sealed class EndpointOptionsValidator(SocketDirectory directory, HandlerRegistry handlers) : IValidateOptions<DatagramDaemonOptions>
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

        if (options.ControlPath is { } control)
        {
            CheckAddress(errors, "Daemon:ControlPath", "the control socket", control);
        }

        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var paths = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < options.Endpoints.Count; i++)
        {
            var endpoint = options.Endpoints[i];
            var key = string.Create(CultureInfo.InvariantCulture, $"Daemon:Endpoints:{i}");
            var label = string.IsNullOrWhiteSpace(endpoint.Name) ? $"#{i}" : $"'{endpoint.Name}'";
            if (string.IsNullOrWhiteSpace(endpoint.Name))
            {
                errors.Add($"{key}:Name: endpoint #{i} has no name.");
            }
            else if (!names.TryAdd(endpoint.Name, i))
            {
                errors.Add($"{key}:Name: endpoint name '{endpoint.Name}' is already used by Daemon:Endpoints:{names[endpoint.Name]}.");
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
            }

            CheckHandlers(errors, key, label, endpoint);
            CheckNumbers(errors, key, label, endpoint);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private void CheckHandlers(List<string> errors, string key, string label, DatagramEndpointOptions endpoint)
    {
        if (endpoint.Handlers.Count == 0)
        {
            errors.Add($"{key}:Handlers: endpoint {label} lists no handlers; registered handlers: {string.Join(", ", handlers.Names.Order(StringComparer.Ordinal))}.");
        }

        for (var h = 0; h < endpoint.Handlers.Count; h++)
        {
            if (!handlers.Contains(endpoint.Handlers[h]))
            {
                errors.Add($"{key}:Handlers:{h}: endpoint {label} names handler '{endpoint.Handlers[h]}', which is not registered; registered handlers: {string.Join(", ", handlers.Names.Order(StringComparer.Ordinal))}.");
            }
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
            EndpointBinder.ParseMode(endpoint.Mode);
        }
        catch (FormatException ex)
        {
            errors.Add($"{key}:Mode: endpoint {label}: {ex.Message}");
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
            var parent = Path.GetDirectoryName(address.Value);
            var isOwnDirectory = string.Equals(parent, directory.Path, StringComparison.Ordinal) && directory.CreateIfMissing;
            if (!isOwnDirectory && !string.IsNullOrEmpty(parent))
            {
                if (!Directory.Exists(parent))
                {
                    errors.Add($"{key}: {what}: the directory '{parent}' of '{resolved}' does not exist.");
                }
                else if (Access.Check(parent, Access.W_OK | Access.X_OK) != 0)
                {
                    errors.Add($"{key}: {what}: the directory '{parent}' of '{resolved}' is not writable by this process.");
                }
            }
        }

        // One file however it is spelled ("a.sock", "./a.sock"), for the uniqueness check.
        return address.Kind == UnixAddressKind.Path ? Path.GetFullPath(address.Value) : resolved;
    }
}
