using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace UnixDatagram.Hosting.Tests;

/// <summary>A container with real health checks (one <see cref="SwitchableHealthCheck"/> named <c>switch</c>) and recorded logs.</summary>
internal sealed class SystemdTestServices : IDisposable
{
    private readonly ServiceProvider _provider;

    public SystemdTestServices()
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddHealthChecks().AddCheck("switch", Check);
        _provider = services.BuildServiceProvider();
        Health = _provider.GetRequiredService<HealthCheckService>();
    }

    public RecordingLoggerProvider Logs { get; } = new();

    public SwitchableHealthCheck Check { get; } = new();

    public HealthCheckService Health { get; }

    public ILogger Logger(string category) => Logs.CreateLogger(category);

    public ILogger<T> Logger<T>() => _provider.GetRequiredService<ILogger<T>>();

    public ILoggerFactory LoggerFactory => _provider.GetRequiredService<ILoggerFactory>();

    public void Dispose() => _provider.Dispose();
}
