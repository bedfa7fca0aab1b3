using Microsoft.Extensions.DependencyInjection.Extensions;
using UnixDatagram.Hosting.Control;
using UnixDatagram.Hosting.Diagnostics;
using UnixDatagram.Hosting.Endpoints;
using UnixDatagram.Hosting.Health;
using UnixDatagram.Hosting.Options;
using UnixDatagram.Hosting.Reload;
using UnixDatagram.Hosting.Systemd;

namespace UnixDatagram.Hosting;

/// <summary>Registers the datagram daemon: endpoints from configuration, handlers by name, send targets, health, systemd.</summary>
public static class DatagramDaemonServiceCollectionExtensions
{
    /// <summary>
    /// Adds the daemon, bound to the <c>Daemon</c> configuration section and validated at start. Safe to call more
    /// than once: services are added once, each <paramref name="configure"/> is applied.
    /// </summary>
    /// <returns>A builder for <see cref="DatagramDaemonBuilder.AddHandler{THandler}(string)"/>.</returns>
    public static DatagramDaemonBuilder AddDatagramDaemon(this IServiceCollection services, Action<DatagramDaemonOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = new DatagramDaemonBuilder(services);
        if (!services.Any(d => d.ServiceType == typeof(DaemonMarker)))
        {
            services.AddSingleton<DaemonMarker>();
            AddCore(services);
            BuiltInHandlers.Add(builder);
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return builder;
    }

    private static void AddCore(IServiceCollection services)
    {
        // As BindConfiguration, but a value the binder cannot convert does not throw from the options factory: the
        // schema validator reports it with its key and value (and anything the binder would have skipped silently).
        services.AddOptions<DatagramDaemonOptions>()
            .Configure<IConfiguration>(BindDaemonSection)
            .ValidateOnStart();
        services.AddSingleton<IOptionsChangeTokenSource<DatagramDaemonOptions>>(sp =>
            new ConfigurationChangeTokenSource<DatagramDaemonOptions>(sp.GetRequiredService<IConfiguration>().GetSection(DatagramDaemonOptions.SectionName)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatagramDaemonOptions>, ConfigurationSchemaValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatagramDaemonOptions>, EndpointOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DaemonStatistics>();
        services.AddMetrics();
        services.TryAddSingleton<DatagramMetrics>();
        services.TryAddSingleton<HandlerCounters>();
        services.TryAddSingleton(sp => new SocketDirectory(
            UnvalidatedOptions(sp).SocketDirectory,
            sp.GetService<IHostEnvironment>()?.ApplicationName ?? "daemon"));
        services.TryAddSingleton<EndpointBinder>();

        // Before the listener: hosted services stop in reverse order, so the sender outlives the handlers that
        // forward through it while the listener drains.
        services.AddDatagramSenderCore();
        services.TryAddSingleton<DatagramListenerService>();
        services.AddHostedService(sp => sp.GetRequiredService<DatagramListenerService>());
        services.AddDaemonHealthChecks();
        services.AddHostedService<ControlEndpointService>();
        services.AddSystemd();
        services.AddDatagramSystemd();
        services.TryAddSingleton<HandlerOptionsReload>();
        services.TryAddSingleton<DaemonReloader>();
        services.TryAddSingleton<IDatagramDaemonReloader>(sp => sp.GetRequiredService<DaemonReloader>());
        services.AddHostedService<SighupReloadService>();
        if (Type.GetType(HostStartLogger<object>.HostTypeName) is { } host)
        {
            services.TryAddSingleton(typeof(ILogger<>).MakeGenericType(host), typeof(HostStartLogger<>).MakeGenericType(host));
        }
    }

    private static void BindDaemonSection(DatagramDaemonOptions options, IConfiguration configuration)
    {
        try
        {
            IndexedConfiguration.GetSection(configuration, DatagramDaemonOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            options.BindingFailure = ex.Message;
        }
    }

    /// <summary>
    /// The options as configured, before validation: the validators themselves need the socket directory, so it
    /// cannot come from <see cref="IOptions{TOptions}"/>.
    /// </summary>
    private static DatagramDaemonOptions UnvalidatedOptions(IServiceProvider services) =>
        new OptionsFactory<DatagramDaemonOptions>(
            services.GetServices<IConfigureOptions<DatagramDaemonOptions>>(),
            services.GetServices<IPostConfigureOptions<DatagramDaemonOptions>>()).Create(Microsoft.Extensions.Options.Options.DefaultName);

    /// <summary>Marks that the core services are registered, so a second call adds nothing twice.</summary>
    private sealed class DaemonMarker;
}
