using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using UnixDatagram.Handlers;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests;

/// <summary>
/// A real daemon host (see <see cref="DaemonHost"/>) in its own temp directory, which is also its socket directory,
/// with its logs captured and the given handler instances registered by name. <c>{dir}</c> in settings is the temp
/// directory. Disposing stops it (if it started), disposes it and removes the directory.
/// </summary>
/// <remarks>
/// <see cref="Create(IDictionary{string, string?}, ValueTuple{string, IDatagramHandler}[])"/> configures it from
/// memory, on a <see cref="TestClock"/>; <see cref="CreateReloadable"/> from an <c>appsettings.json</c> that a test
/// rewrites before it reloads, with systemd notifications going to a <see cref="FakeNotifySocket"/>.
/// </remarks>
internal sealed class ListenerHost : IAsyncDisposable
{
    private readonly FakeNotifySocket? _notify;
    private bool _started;

    private ListenerHost(TempDirectory directory, IHost host, TestClock clock, RecordingLoggerProvider log, FakeNotifySocket? notify)
    {
        Directory = directory;
        Host = host;
        Clock = clock;
        Log = log;
        _notify = notify;
    }

    public TempDirectory Directory { get; }

    public IHost Host { get; }

    public TestClock Clock { get; }

    public RecordingLoggerProvider Log { get; }

    /// <summary>What the daemon tells systemd; only a host from <see cref="CreateReloadable"/> has one.</summary>
    public FakeNotifySocket Notify => _notify ?? throw new InvalidOperationException("Only a host from CreateReloadable has a notify socket.");

    /// <summary>The configuration file of a host from <see cref="CreateReloadable"/>.</summary>
    public string ConfigPath => Directory.File("appsettings.json");

    public DaemonStatistics Statistics => Host.Services.GetRequiredService<DaemonStatistics>();

    public DatagramListenerService Listener => Host.Services.GetRequiredService<DatagramListenerService>();

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
        return Build(directory, configuration => DaemonHost.Build(directory.Path, Resolve(directory, settings), configuration.Handlers, configuration.Services), systemClock, notify: null, handlers);
    }

    /// <summary>
    /// Builds a host that reads its configuration from <see cref="ConfigPath"/> (written from <paramref name="settings"/>,
    /// rewritten by <see cref="Write"/>), on the system clock, with systemd notifications going to <see cref="Notify"/>.
    /// </summary>
    public static ListenerHost CreateReloadable(IDictionary<string, string?> settings, params (string Name, IDatagramHandler Handler)[] handlers)
    {
        var directory = new TempDirectory();
        var notify = new FakeNotifySocket(directory);
        WriteTo(directory, settings);
        return Build(
            directory,
            configuration => DaemonHost.Build(
                c => c.AddJsonFile(directory.File("appsettings.json"), optional: false, reloadOnChange: false),
                configuration.Handlers,
                services =>
                {
                    configuration.Services(services);
                    services.RemoveAll<ISystemdNotifier>();
                    services.AddSingleton(notify.Notifier);
                }),
            systemClock: true,
            notify,
            handlers);
    }

    public string Path(string name) => Directory.File(name);

    public EndpointStatistics Endpoint(string name) => Statistics.Endpoint(name);

    /// <summary>A client socket connected to the socket <paramref name="name"/> in this host's directory; the caller disposes it.</summary>
    public UnixDatagramSocket Connect(string name) => TestSockets.Connected(Path(name));

    /// <summary>Rewrites the configuration file; the socket directory is always this host's directory.</summary>
    public void Write(IDictionary<string, string?> settings) => WriteTo(Directory, settings);

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

    public Task<DaemonReloadResult> ReloadAsync() => Host.Services.GetRequiredService<IDatagramDaemonReloader>().ReloadAsync().Within();

    /// <summary>Runs the endpoint health checks through <see cref="HealthCheckService"/>, as the daemon does.</summary>
    public async Task<HealthReportEntry> HealthAsync(string endpoint)
    {
        var report = await Host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("endpoint")).Within();
        return report.Entries["endpoint:" + endpoint];
    }

    /// <summary>Runs every health check through <see cref="HealthCheckService"/>.</summary>
    public async Task<HealthReport> HealthAsync() => await Host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync().Within();

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
            _notify?.Dispose();
            Directory.Dispose();
        }
    }

    private static ListenerHost Build(TempDirectory directory, Func<(Action<DatagramDaemonBuilder> Handlers, Action<IServiceCollection> Services), IHost> build, bool systemClock, FakeNotifySocket? notify, (string Name, IDatagramHandler Handler)[] handlers)
    {
        var clock = new TestClock();
        var log = new RecordingLoggerProvider();
        var host = build((
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
            }));
        return new ListenerHost(directory, host, clock, log, notify);
    }

    private static Dictionary<string, string?> Resolve(TempDirectory directory, IDictionary<string, string?> settings) =>
        settings.ToDictionary(p => p.Key, p => p.Value?.Replace("{dir}", directory.Path, StringComparison.Ordinal));

    private static void WriteTo(TempDirectory directory, IDictionary<string, string?> settings)
    {
        var resolved = Resolve(directory, settings);
        resolved["Daemon:SocketDirectory"] = directory.Path;
        foreach (var (key, value) in DaemonHost.AcceptSelfSentUnlessSet(resolved))
        {
            resolved[key] = value;
        }

        ConfigFile.Write(directory.File("appsettings.json"), resolved);
    }
}
