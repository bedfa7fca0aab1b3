using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting.Systemd;
using UnixDatagram.Hosting.Endpoints;

namespace UnixDatagram.Hosting.Systemd;

/// <summary>Registers what the daemon adds to <c>Microsoft.Extensions.Hosting.Systemd</c>: socket activation, watchdog, status line.</summary>
internal static class SystemdServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SystemdSocketActivation"/> (also as <see cref="IInheritedSockets"/>), the hosted services
    /// <see cref="SocketActivationReporter"/>, <see cref="SystemdWatchdogService"/> and <see cref="SystemdStatusService"/>,
    /// and what they need if missing: <see cref="ISystemdNotifier"/>, health checks, <see cref="DaemonStatistics"/>,
    /// <see cref="TimeProvider.System"/>. Safe to call twice. Call <c>AddSystemd()</c> as well for <c>READY=1</c>,
    /// <c>STOPPING=1</c> and SIGTERM; the order does not matter.
    /// </summary>
    /// <remarks>
    /// <c>AddSystemd()</c> registers <see cref="SystemdNotifier"/> only when <see cref="SystemdHelpers.IsSystemdService"/>
    /// (our parent is systemd, or we are PID 1 with <c>NOTIFY_SOCKET</c> or <c>LISTEN_PID</c>). We register it regardless:
    /// its <see cref="ISystemdNotifier.IsEnabled"/> is simply whether <c>NOTIFY_SOCKET</c> was set when it was created,
    /// so watchdog and status also work under a manager that is not our parent, and do nothing without one.
    /// </remarks>
    internal static IServiceCollection AddDatagramSystemd(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DaemonStatistics>();
        services.AddHealthChecks();
        services.TryAddSingleton<ISystemdNotifier, SystemdNotifier>();
        services.TryAddSingleton<SystemdSocketActivation>();
        services.TryAddSingleton<IInheritedSockets>(static sp => sp.GetRequiredService<SystemdSocketActivation>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SocketActivationReporter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SystemdWatchdogService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SystemdStatusService>());
        return services;
    }
}
