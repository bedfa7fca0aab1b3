using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace UnixDatagram.Hosting;

/// <summary>Running a daemon host so that its exit code tells systemd the truth.</summary>
public static class DaemonHostExtensions
{
    /// <summary>
    /// Starts the host and waits until it stops (the caller disposes it), and returns the process exit code: 0 after a clean stop, 1 when a hosted
    /// service faulted. The host itself completes normally when a <see cref="BackgroundService"/> fails, which would
    /// make <c>Restart=on-failure</c> see success.
    /// </summary>
    /// <exception cref="Exception">Start failed (a bad configuration value, an endpoint that cannot bind): the exception is the cause.</exception>
    public static async Task<int> RunDaemonAsync(this IHost host, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        var faulted = host.Services.GetServices<IHostedService>()
            .OfType<BackgroundService>()
            .Any(s => s.ExecuteTask is { IsFaulted: true });
        return faulted ? 1 : 0;
    }
}
