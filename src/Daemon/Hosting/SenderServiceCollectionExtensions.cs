using Microsoft.Extensions.DependencyInjection.Extensions;
using UnixDatagram.Hosting.Health;
using UnixDatagram.Hosting.Options;
using UnixDatagram.Hosting.Sending;

namespace UnixDatagram.Hosting;

/// <summary>Registers the send path: <see cref="IDatagramSender"/>, its hosted service, target validation and target health checks.</summary>
internal static class SenderServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="DatagramSender"/> (singleton, also as <see cref="IDatagramSender"/>), the hosted service that
    /// connects targets at start and stops them at stop, <see cref="TargetOptionsValidator"/> (validated on start), and
    /// one health check per configured target (<c>target:&lt;name&gt;</c>, tagged <c>target</c>). Safe to call twice.
    /// </summary>
    /// <remarks>Expects <see cref="SocketDirectory"/>, <see cref="DaemonStatistics"/> and <see cref="TimeProvider"/> to be registered.
    /// Call it before registering the listener, so the sender stops after the listener's handlers are done.</remarks>
    internal static IServiceCollection AddDatagramSenderCore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<DatagramDaemonOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatagramDaemonOptions>, TargetOptionsValidator>());
        services.TryAddSingleton<DatagramSender>();
        services.TryAddSingleton<IDatagramSender>(sp => sp.GetRequiredService<DatagramSender>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DatagramSenderService>());
        services.TryAddSingleton<TargetHealthChecks>();
        services.AddDaemonHealthChecks();
        return services;
    }
}
