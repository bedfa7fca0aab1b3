using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using UnixDatagram.Handlers;

namespace UnixDatagram.Hosting.Tests;

/// <summary>
/// A real daemon host (see <see cref="DaemonHost"/>) in its own temp directory, on a <see cref="TestClock"/>, with
/// its logs captured and the given handler instances registered by name. Disposing stops it (if it started), disposes
/// it and removes the directory.
/// </summary>
internal sealed class ListenerHost : IAsyncDisposable
{
    private bool _started;

    private ListenerHost(TempDirectory directory, IHost host, TestClock clock, RecordingLoggerProvider log)
    {
        Directory = directory;
        Host = host;
        Clock = clock;
        Log = log;
    }

    public TempDirectory Directory { get; }

    public IHost Host { get; }

    public TestClock Clock { get; }

    public RecordingLoggerProvider Log { get; }

    public DaemonStatistics Statistics => Host.Services.GetRequiredService<DaemonStatistics>();

    /// <summary>
    /// Builds the host. <paramref name="settings"/> may use <c>{dir}</c> for the temp directory. The clock replaces
    /// the daemon's <see cref="TimeProvider"/>, whichever order the registrations came in.
    /// </summary>
    public static ListenerHost Create(IDictionary<string, string?> settings, params (string Name, IDatagramHandler Handler)[] handlers) =>
        Create(systemClock: false, settings, handlers);

    /// <summary>As <see cref="Create(IDictionary{string, string?}, ValueTuple{string, IDatagramHandler}[])"/>; with <paramref name="systemClock"/>, the daemon keeps <see cref="TimeProvider.System"/>, as in production.</summary>
    public static ListenerHost Create(bool systemClock, IDictionary<string, string?> settings, params (string Name, IDatagramHandler Handler)[] handlers)
    {
        var directory = new TempDirectory();
        var clock = new TestClock();
        var log = new RecordingLoggerProvider();
        var resolved = settings.ToDictionary(p => p.Key, p => p.Value?.Replace("{dir}", directory.Path, StringComparison.Ordinal));
        var host = DaemonHost.Build(
            directory.Path,
            resolved,
            daemon =>
            {
                foreach (var (name, handler) in handlers)
                {
                    daemon.AddHandler<IDatagramHandler>(name);
                    daemon.Services.RemoveAllKeyed<IDatagramHandler>(name);
                    daemon.Services.AddKeyedSingleton(name, handler);
                }
            },
            services =>
            {
                if (!systemClock)
                {
                    services.RemoveAll<TimeProvider>();
                    services.AddSingleton<TimeProvider>(clock);
                }

                services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(log));
            });
        return new ListenerHost(directory, host, clock, log);
    }

    public string Path(string name) => Directory.File(name);

    public EndpointStatistics Endpoint(string name) => Statistics.Endpoint(name);

    public async Task StartAsync()
    {
        await Host.StartAsync().Within();
        _started = true;
    }

    /// <summary>Stops the host; the returned task is what a test awaits (or watches) while the daemon drains.</summary>
    public Task StopAsync()
    {
        _started = false;
        return Host.StopAsync();
    }

    /// <summary>Runs the endpoint health checks through <see cref="HealthCheckService"/>, as the daemon does.</summary>
    public async Task<HealthReportEntry> HealthAsync(string endpoint)
    {
        var report = await Host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("endpoint")).Within();
        return report.Entries["endpoint:" + endpoint];
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_started)
            {
                // A test that left a handler hanging must not hang the run: give the stop a real-time limit.
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await Host.StopAsync(limit.Token).Within();
            }
        }
        finally
        {
            Host.Dispose();
            Directory.Dispose();
        }
    }
}
