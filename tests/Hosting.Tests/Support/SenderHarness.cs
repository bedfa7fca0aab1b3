using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using UnixDatagram.Handlers;
using UnixDatagram.Hosting.Sending;

namespace UnixDatagram.Hosting.Tests;

/// <summary>
/// The send path as the daemon registers it (<c>AddDatagramSenderCore</c>), on a fake clock, with its targets in a
/// per-test directory and every log entry captured.
/// </summary>
internal sealed class SenderHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public SenderHarness(TempDirectory directory, params DatagramTargetOptions[] targets)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Log));
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(new SocketDirectory(directory.Path, "test"));
        services.AddSingleton<DaemonStatistics>();
        services.Configure<DatagramDaemonOptions>(o =>
        {
            foreach (var target in targets)
            {
                o.Targets.Add(target);
            }
        });
        services.AddDatagramSenderCore();
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Sender = _provider.GetRequiredService<DatagramSender>();
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public RecordingLoggerProvider Log { get; } = new();

    public DatagramSender Sender { get; }

    public DaemonStatistics Statistics => _provider.GetRequiredService<DaemonStatistics>();

    public IServiceProvider Services => _provider;

    public static DatagramTargetOptions Target(string name, string path, TargetCongestionMode mode = TargetCongestionMode.Wait, int capacity = 1024) =>
        new() { Name = name, Path = path, WhenCongested = mode, QueueCapacity = capacity };

    /// <summary>A target at an abstract name, which needs <see cref="DatagramTargetOptions.AllowAbstractName"/>.</summary>
    public static DatagramTargetOptions AbstractTarget(string name, string path) => new() { Name = name, Path = path, AllowAbstractName = true };

    /// <summary>The result of a send that must have completed synchronously (no congestion, or a policy that answers at once).</summary>
    public static SendResult Synchronous(ValueTask<SendResult> send)
    {
        if (!send.IsCompleted)
        {
            throw new Xunit.Sdk.XunitException("The send did not complete synchronously.");
        }

        return send.Result;
    }

    /// <summary>Runs the registered health checks of one target, through the health check service.</summary>
    public async Task<HealthReportEntry> HealthAsync(string target)
    {
        var report = await _provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("target"));
        return report.Entries["target:" + target];
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
