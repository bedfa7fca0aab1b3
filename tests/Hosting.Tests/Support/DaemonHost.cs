using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace UnixDatagram.Hosting.Tests;

/// <summary>Builds a real host with the daemon, configured from key/value pairs, as a third party would.</summary>
internal static class DaemonHost
{
    public static IHost Build(string socketDirectory, IDictionary<string, string?> settings, Action<DatagramDaemonBuilder>? handlers = null, Action<IServiceCollection>? services = null) =>
        Build(
            configuration => configuration
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Daemon:SocketDirectory"] = socketDirectory })
                .AddInMemoryCollection(settings)
                .AddInMemoryCollection(AcceptSelfSentUnlessSet(settings)),
            handlers,
            services);

    /// <summary>As above, with the configuration from wherever <paramref name="configure"/> adds it (a file a test rewrites before a reload).</summary>
    public static IHost Build(Action<IConfigurationBuilder> configure, Action<DatagramDaemonBuilder>? handlers = null, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "daemon-tests" });
        configure(builder.Configuration);
        var daemon = builder.Services.AddDatagramDaemon();
        handlers?.Invoke(daemon);
        services?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>
    /// These hosts run inside the test process, whose own sockets send to them with its pid: every endpoint accepts
    /// self-sent datagrams unless a test sets <c>AcceptSelfSent</c> itself (as the tests of that guard do).
    /// </summary>
    public static Dictionary<string, string?> AcceptSelfSentUnlessSet(IDictionary<string, string?> settings) =>
        settings.Keys
            .Select(k => System.Text.RegularExpressions.Regex.Match(k, @"^Daemon:Endpoints:(\d+):Name$"))
            .Where(m => m.Success && !settings.ContainsKey($"Daemon:Endpoints:{m.Groups[1].Value}:AcceptSelfSent"))
            .ToDictionary(m => $"Daemon:Endpoints:{m.Groups[1].Value}:AcceptSelfSent", _ => (string?)"true");
}
