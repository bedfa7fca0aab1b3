using Microsoft.Extensions.DependencyInjection;

namespace UnixDatagram.Hosting;

/// <summary>The handler names registered through <see cref="DatagramDaemonBuilder.AddHandler{THandler}(string)"/>, with their types, for validating endpoints.</summary>
internal sealed class HandlerRegistry
{
    private readonly Dictionary<string, Type> _handlers = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _handlers.Keys;

    public bool Contains(string name) => _handlers.ContainsKey(name);

    /// <summary>The type registered as <paramref name="name"/>, or null.</summary>
    public Type? TypeOf(string name) => _handlers.GetValueOrDefault(name);

    public static void Add(IServiceCollection services, string name, Type type)
    {
        var descriptor = services.FirstOrDefault(d => d.ServiceType == typeof(HandlerRegistry) && !d.IsKeyedService);
        var registry = descriptor?.ImplementationInstance as HandlerRegistry;
        if (registry is null)
        {
            registry = new HandlerRegistry();
            services.AddSingleton(registry);
        }

        registry._handlers[name] = type;
    }
}
