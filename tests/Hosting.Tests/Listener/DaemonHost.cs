using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace UnixDatagram.Hosting.Tests.Listener;

/// <summary>Builds a real host with the daemon, configured from key/value pairs, as a third party would.</summary>
internal static class DaemonHost
{
    public static IHost Build(string socketDirectory, IDictionary<string, string?> settings, Action<DatagramDaemonBuilder>? handlers = null, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "daemon-tests" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Daemon:SocketDirectory"] = socketDirectory });
        builder.Configuration.AddInMemoryCollection(settings);
        var daemon = builder.Services.AddDatagramDaemon();
        handlers?.Invoke(daemon);
        services?.Invoke(builder.Services);
        return builder.Build();
    }
}
