namespace UnixDatagram.Hosting.Configuration;

/// <summary>
/// Fails start with the configuration files' error that <see cref="DatagramHost.CreateApplicationBuilder"/> kept, for a
/// host started without <see cref="DaemonHostExtensions.RunDaemonAsync"/> (which reports it before starting anything):
/// a daemon never runs on a configuration that lacks a broken file's keys.
/// </summary>
internal sealed class ConfigurationFileCheck(IConfiguration configuration) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        LayeredJsonConfigurationProvider.LoadErrorOf(configuration) is { } error ? Task.FromException(error) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
