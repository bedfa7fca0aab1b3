using UnixDatagram.Hosting.Endpoints;

namespace UnixDatagram.Hosting;

/// <content>A reloaded endpoint whose socket another endpoint of this daemon holds.</content>
public sealed partial class DatagramListenerService
{
    /// <summary>
    /// Refuses an endpoint that a reload would bind (or adopt) where another endpoint of this daemon holds the socket:
    /// one the new configuration removes, renames or moves (endpoints are matched by name, so a rename that keeps the
    /// Path, or two endpoints swapping Paths, is one endpoint going and another coming). The bind would find the path
    /// live and blame another process. A reload never hands a socket from one endpoint to another: the name is the
    /// endpoint's identity in health, statistics, metrics and logs, and a swap would exchange sockets between two
    /// serving endpoints in a step that must not fail halfway. A restart applies such a change (a socket systemd
    /// passed keeps its queue across it).
    /// </summary>
    /// <exception cref="EndpointBindException">The socket is held by <paramref name="current"/>'s endpoint other than <paramref name="self"/>.</exception>
    private void RefuseHeldByOwnEndpoint(DatagramEndpointOptions options, int index, DatagramEndpoint[] current, DatagramEndpoint? self, DatagramDaemonOptions next)
    {
        UnixSocketAddress? address = null;
        if (options.Path is { Length: > 0 } path && UnixSocketAddress.TryParse(_services.GetRequiredService<SocketDirectory>().Resolve(path), out var parsed, out _))
        {
            address = parsed;
        }

        foreach (var holder in current)
        {
            if (holder == self)
            {
                continue;
            }

            string? key = null, what = null;
            if (options.FileDescriptorName is { Length: > 0 } fdName && string.Equals(fdName, holder.Options.FileDescriptorName, StringComparison.Ordinal))
            {
                (key, what) = ("FileDescriptorName", $"the socket systemd passed as '{fdName}'");
            }
            else if (address is { } wanted && LocalAddressOf(holder) == wanted)
            {
                (key, what) = ("Path", $"'{wanted}'");
            }

            if (key is not null)
            {
                var fate = next.Endpoints.Any(e => string.Equals(e.Name, holder.Name, StringComparison.Ordinal))
                    ? "moves to another address"
                    : "removes or renames";
                throw new EndpointBindException(options.Name, string.Create(CultureInfo.InvariantCulture, $"Daemon:Endpoints:{index}:{key}: endpoint '{options.Name}': {what} is held by this daemon's own endpoint '{holder.Name}', which the new configuration {fate}. A reload never hands a socket from one endpoint to another, so renaming an endpoint that keeps its {key} (or swapping two endpoints' addresses) needs a restart; the running configuration keeps serving."));
            }
        }
    }

    private static UnixSocketAddress? LocalAddressOf(DatagramEndpoint endpoint)
    {
        try
        {
            return endpoint.Socket.LocalAddress;
        }
        catch (Exception ex) when (ex is UnixSocketException or ObjectDisposedException)
        {
            return null;
        }
    }
}
