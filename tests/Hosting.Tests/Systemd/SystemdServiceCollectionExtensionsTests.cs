using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using UnixDatagram.Hosting.Endpoints;
using UnixDatagram.Hosting.Systemd;

namespace UnixDatagram.Hosting.Tests.Systemd;

public sealed class SystemdServiceCollectionExtensionsTests
{
    [Fact]
    public void AddDatagramSystemd_CalledTwice_RegistersEachOnce()
    {
        var services = new ServiceCollection();

        services.AddDatagramSystemd().AddDatagramSystemd();

        Assert.Equal(
            [typeof(SocketActivationReporter), typeof(SystemdStatusService), typeof(SystemdWatchdogService)],
            services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Assembly == typeof(SystemdWatchdogService).Assembly)
                .Select(d => d.ImplementationType!)
                .OrderBy(t => t.Name, StringComparer.Ordinal));
        Assert.Equal(typeof(SystemdNotifier), Assert.Single(services, d => d.ServiceType == typeof(ISystemdNotifier)).ImplementationType);
        Assert.Single(services, d => d.ServiceType == typeof(SystemdSocketActivation));
        Assert.Single(services, d => d.ServiceType == typeof(IInheritedSockets));
    }

    [Fact]
    public void AddDatagramSystemd_NotifierAlreadyRegistered_KeepsIt()
    {
        var notifier = FakeNotifySocket.Disabled();
        var services = new ServiceCollection().AddSingleton(notifier);

        services.AddDatagramSystemd();

        Assert.Same(notifier, Assert.Single(services, d => d.ServiceType == typeof(ISystemdNotifier)).ImplementationInstance);
    }

    [Fact]
    public void AddDatagramSystemd_Resolved_InheritedSocketsIsTheActivationSingleton()
    {
        using var provider = new ServiceCollection().AddLogging().AddDatagramSystemd().BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<SystemdSocketActivation>(), provider.GetRequiredService<IInheritedSockets>());
    }

    [Fact]
    public async Task Host_WithNotifySocket_StartsStopsAndSendsStatusLines()
    {
        using var dir = new TempDirectory();
        using var systemd = new FakeNotifySocket(dir);
        var time = new FakeTimeProvider();
        var logs = new RecordingLoggerProvider();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Debug).AddProvider(logs);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton(systemd.Notifier);
        builder.Services.AddDatagramSystemd();
        using var host = builder.Build();
        host.Services.GetRequiredService<DaemonStatistics>().Endpoint("ingest").CountReceived(5, 0);

        await host.StartAsync();
        time.Advance(SystemdStatusService.Interval);

        Assert.Equal("STATUS=1 endpoint, 0 datagrams/s, 5 received, 0 dropped, Healthy", await systemd.ReceiveAsync());
        await host.StopAsync();
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning);
    }
}
