using Microsoft.Extensions.DependencyInjection;

namespace UnixDatagram.Hosting;

/// <summary>The handler names registered through <see cref="DatagramDaemonBuilder.AddHandler{THandler}(string)"/>, for validating endpoints at start.</summary>
internal sealed class HandlerRegistry
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _names;

    public bool Contains(string name) => _names.Contains(name);

    public static void Add(IServiceCollection services, string name)
    {
        var descriptor = services.FirstOrDefault(d => d.ServiceType == typeof(HandlerRegistry) && !d.IsKeyedService);
        var registry = descriptor?.ImplementationInstance as HandlerRegistry;
        if (registry is null)
        {
            registry = new HandlerRegistry();
            services.AddSingleton(registry);
        }

        registry._names.Add(name);
    }
}
