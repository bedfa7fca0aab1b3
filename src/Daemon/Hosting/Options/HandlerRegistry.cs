namespace UnixDatagram.Hosting.Options;

/// <summary>
/// The handler names registered through <see cref="DatagramDaemonBuilder"/>, with their types and the options type
/// each reads from <c>Daemon:Handlers:&lt;name&gt;</c> (null: none), for validating endpoints and the configuration.
/// </summary>
internal sealed class HandlerRegistry
{
    private readonly Dictionary<string, (Type Handler, Type? Options)> _handlers = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _handlers.Keys;

    public bool Contains(string name) => _handlers.ContainsKey(name);

    /// <summary>The type registered as <paramref name="name"/>, or null.</summary>
    public Type? TypeOf(string name) => _handlers.TryGetValue(name, out var entry) ? entry.Handler : null;

    /// <summary>The options type of handler <paramref name="name"/>; null when it has none (or is not registered).</summary>
    public Type? OptionsType(string name) => _handlers.TryGetValue(name, out var entry) ? entry.Options : null;

    public static void Add(IServiceCollection services, string name, Type type, Type? optionsType)
    {
        var descriptor = services.FirstOrDefault(d => d.ServiceType == typeof(HandlerRegistry) && !d.IsKeyedService);
        var registry = descriptor?.ImplementationInstance as HandlerRegistry;
        if (registry is null)
        {
            registry = new HandlerRegistry();
            services.AddSingleton(registry);
        }

        // Its options are read from Daemon:Handlers:<name>, and configuration keys ignore case: 'log' and 'Log' would
        // be two handlers reading one section.
        if (registry._handlers.Keys.FirstOrDefault(n => !string.Equals(n, name, StringComparison.Ordinal) && string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) is { } other)
        {
            throw new ArgumentException($"Handler name '{name}' differs from the registered handler '{other}' only in case; both would read Daemon:Handlers:{name}. Handler names must be unique ignoring case.", nameof(name));
        }

        registry._handlers[name] = (type, optionsType);
    }
}
