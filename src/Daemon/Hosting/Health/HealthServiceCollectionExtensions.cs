namespace UnixDatagram.Hosting.Health;

/// <summary>Registers <see cref="DaemonHealthCheckService"/> in front of the framework's health check service.</summary>
internal static class HealthServiceCollectionExtensions
{
    /// <summary>
    /// Adds health checks, and makes <see cref="HealthCheckService"/> the daemon's, which runs the registered checks
    /// through the framework's service and adds the current endpoints and targets. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddDaemonHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks();
        var descriptor = services.LastOrDefault(d => d.ServiceType == typeof(HealthCheckService) && !d.IsKeyedService);
        if (descriptor is null || descriptor.ImplementationType is not { } framework || framework == typeof(DaemonHealthCheckService))
        {
            return services;
        }

        services.Remove(descriptor);
        services.AddSingleton<HealthCheckService>(sp => new DaemonHealthCheckService((HealthCheckService)ActivatorUtilities.CreateInstance(sp, framework), sp));
        return services;
    }
}
