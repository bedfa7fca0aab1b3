using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using UnixDatagram.Handlers;

namespace UnixDatagram.Hosting.Tests;

/// <summary>
/// A real daemon host reading its configuration from an <c>appsettings.json</c> in its own temp directory, which a
/// test rewrites before it reloads; systemd notifications go to a <see cref="FakeNotifySocket"/>, logs to a
/// <see cref="RecordingLoggerProvider"/>. <c>{dir}</c> in settings is the temp directory, which is also the socket directory.
/// </summary>
internal sealed class ReloadHost : IAsyncDisposable
{
    private bool _started;

    private ReloadHost(TempDirectory directory, FakeNotifySocket notify, RecordingLoggerProvider log, IHost host)
    {
        Directory = directory;
        Notify = notify;
        Log = log;
        Host = host;
    }

    public TempDirectory Directory { get; }

    public FakeNotifySocket Notify { get; }

    public RecordingLoggerProvider Log { get; }

    public IHost Host { get; }

    public string ConfigPath => Directory.File("appsettings.json");

    public DaemonStatistics Statistics => Host.Services.GetRequiredService<DaemonStatistics>();

    public DatagramListenerService Listener => Host.Services.GetRequiredService<DatagramListenerService>();

    public static ReloadHost Create(IDictionary<string, string?> settings, params (string Name, IDatagramHandler Handler)[] handlers)
    {
        var directory = new TempDirectory();
        var notify = new FakeNotifySocket(directory);
        var log = new RecordingLoggerProvider();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "reload-tests" });
        WriteTo(directory, settings);
        builder.Configuration.AddJsonFile(directory.File("appsettings.json"), optional: false, reloadOnChange: false);
        var daemon = builder.Services.AddDatagramDaemon();
        foreach (var (name, handler) in handlers)
        {
            daemon.AddHandler<IDatagramHandler>(name);
            daemon.Services.RemoveAllKeyed<IDatagramHandler>(name);
            daemon.Services.AddKeyedSingleton(name, handler);
        }

        builder.Services.RemoveAll<ISystemdNotifier>();
        builder.Services.AddSingleton(notify.Notifier);
        builder.Services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(log));
        return new ReloadHost(directory, notify, log, builder.Build());
    }

    public string Path(string name) => Directory.File(name);

    /// <summary>Rewrites the configuration file; the socket directory is always this host's directory.</summary>
    public void Write(IDictionary<string, string?> settings) => WriteTo(Directory, settings);

    private static void WriteTo(TempDirectory directory, IDictionary<string, string?> settings)
    {
        var resolved = settings.ToDictionary(p => p.Key, p => p.Value?.Replace("{dir}", directory.Path, StringComparison.Ordinal));
        resolved["Daemon:SocketDirectory"] = directory.Path;
        foreach (var (key, value) in DaemonHost.AcceptSelfSentUnlessSet(resolved))
        {
            resolved[key] = value;
        }

        ConfigFile.Write(directory.File("appsettings.json"), resolved);
    }

    public async Task StartAsync()
    {
        await Host.StartAsync().Within();
        _started = true;
    }

    public Task<DaemonReloadResult> ReloadAsync() => Host.Services.GetRequiredService<IDatagramDaemonReloader>().ReloadAsync().Within();

    public async Task<HealthReport> HealthAsync() => await Host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync().Within();

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_started)
            {
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await Host.StopAsync(limit.Token).Within();
            }
        }
        finally
        {
            Host.Dispose();
            Notify.Dispose();
            Directory.Dispose();
        }
    }
}
