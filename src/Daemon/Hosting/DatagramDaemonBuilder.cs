using UnixDatagram.Hosting.Options;
using UnixDatagram.Hosting.Reload;

namespace UnixDatagram.Hosting;

/// <summary>Returned by <c>AddDatagramDaemon</c>, to register handlers by name.</summary>
public sealed class DatagramDaemonBuilder
{
    internal DatagramDaemonBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Registers <typeparamref name="THandler"/> as the handler called <paramref name="name"/> (a keyed singleton),
    /// for endpoints to list in <c>Handlers</c>. A handler may take <c>[ServiceKey] string name</c> in its constructor.
    /// Registering a name again replaces the earlier handler.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not 1 to 64 ASCII letters, digits, <c>.</c>, <c>_</c> or <c>-</c> starting with a letter or digit (it is written into logs, metric tags and configuration keys).</exception>
    public DatagramDaemonBuilder AddHandler<THandler>(string name)
        where THandler : class, IDatagramHandler
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (ConfiguredName.Check("handler name", "handler", name) is { } badName)
        {
            throw new ArgumentException(badName, nameof(name));
        }

        var existing = Services.Where(d => d.IsKeyedService && d.ServiceType == typeof(IDatagramHandler) && Equals(d.ServiceKey, name)).ToList();
        foreach (var descriptor in existing)
        {
            Services.Remove(descriptor);
        }

        Services.AddKeyedSingleton<IDatagramHandler, THandler>(name);
        var optionsType = typeof(THandler) == typeof(LogHandler) ? typeof(LogHandlerOptions)
            : typeof(THandler) == typeof(ForwardHandler) ? typeof(ForwardHandlerOptions)
            : typeof(THandler) == typeof(SyslogFileHandler) ? typeof(SyslogFileHandlerOptions)
            : typeof(THandler) == typeof(SyslogHandler) ? typeof(SyslogHandlerOptions)
            : null;
        HandlerRegistry.Add(Services, name, typeof(THandler), optionsType);

        // The built-in handlers read named options from Daemon:Handlers:<name>. Binding both option types for every
        // name lets a user register LogHandler or ForwardHandler again under another name, with its own section.
        var section = $"{DatagramDaemonOptions.SectionName}:Handlers:{name}";
        Services.AddOptions<LogHandlerOptions>(name).BindConfiguration(section);
        Services.AddOptions<ForwardHandlerOptions>(name).BindConfiguration(section);
        Services.AddOptions<SyslogFileHandlerOptions>(name).BindConfiguration(section);
        Services.AddOptions<SyslogHandlerOptions>(name).BindConfiguration(section);

        // They change when a reload is applied (SIGHUP, 'reload'), not whenever a file does: a rejected reload leaves them alone.
        HandlerOptionsReload.Follow<LogHandlerOptions>(Services, name);
        HandlerOptionsReload.Follow<ForwardHandlerOptions>(Services, name);
        HandlerOptionsReload.Follow<SyslogFileHandlerOptions>(Services, name);
        HandlerOptionsReload.Follow<SyslogHandlerOptions>(Services, name);
        return this;
    }

    /// <summary>
    /// Registers <typeparamref name="THandler"/> as the handler called <paramref name="name"/>, with options of type
    /// <typeparamref name="TOptions"/> bound from <c>Daemon:Handlers:&lt;name&gt;</c> as named options (inject
    /// <c>IOptionsMonitor&lt;TOptions&gt;</c> and <c>Get(name)</c>). The section is checked at start like the rest of the
    /// <c>Daemon</c> section: a value that does not convert fails start naming its key; an unknown key is warned about.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid handler name, as for <see cref="AddHandler{THandler}(string)"/>.</exception>
    public DatagramDaemonBuilder AddHandler<THandler, TOptions>(string name)
        where THandler : class, IDatagramHandler
        where TOptions : class
    {
        AddHandler<THandler>(name);
        Services.AddOptions<TOptions>(name).BindConfiguration($"{DatagramDaemonOptions.SectionName}:Handlers:{name}");
        HandlerRegistry.Add(Services, name, typeof(THandler), typeof(TOptions));
        return this;
    }
}
