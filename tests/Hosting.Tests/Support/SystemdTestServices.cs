using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace UnixDatagram.Hosting.Tests;

/// <summary>
/// What the systemd services are tested against: a container with real health checks (one
/// <see cref="SwitchableHealthCheck"/> named <c>switch</c>) and recorded logs, a notify socket standing in for
/// systemd's in a directory of its own, and a fake clock.
/// </summary>
internal sealed class SystemdTestServices : IDisposable
{
    private readonly ServiceProvider _provider;

    private readonly TempDirectory _directory = new();

    public SystemdTestServices()
    {
        Systemd = new FakeNotifySocket(_directory);
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddHealthChecks().AddCheck("switch", Check);
        _provider = services.BuildServiceProvider();
        Health = _provider.GetRequiredService<HealthCheckService>();
    }

    /// <summary>The notify socket the services under test are pointed at.</summary>
    public FakeNotifySocket Systemd { get; }

    /// <summary>The clock the services under test are given.</summary>
    public FakeTimeProvider Time { get; } = new();

    public RecordingLoggerProvider Logs { get; } = new();

    public SwitchableHealthCheck Check { get; } = new();

    public HealthCheckService Health { get; }

    public ILogger Logger(string category) => Logs.CreateLogger(category);

    public ILogger<T> Logger<T>() => _provider.GetRequiredService<ILogger<T>>();

    public ILoggerFactory LoggerFactory => _provider.GetRequiredService<ILoggerFactory>();

    public void Dispose()
    {
        _provider.Dispose();
        Systemd.Dispose();
        _directory.Dispose();
    }
}
