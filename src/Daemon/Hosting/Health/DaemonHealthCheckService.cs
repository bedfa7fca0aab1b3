using System.Diagnostics;
using UnixDatagram.Hosting.Sending;

namespace UnixDatagram.Hosting.Health;

/// <summary>
/// The health check service: the registered checks (run by the framework's own service), plus one
/// <c>endpoint:&lt;name&gt;</c> check per current endpoint and one <c>target:&lt;name&gt;</c> per current target, taken
/// afresh on every run, so that they follow a reload. (<see cref="HealthCheckServiceOptions.Registrations"/> is read
/// without a lock by the framework on every run: changing it while a run enumerates it would fail that run.)
/// </summary>
internal sealed class DaemonHealthCheckService(HealthCheckService registered, IServiceProvider services) : HealthCheckService
{
    /// <summary>The tag on every endpoint health check.</summary>
    public const string EndpointTag = "endpoint";

    /// <summary>The tag on every target health check.</summary>
    public const string TargetTag = "target";

    public override async Task<HealthReport> CheckHealthAsync(Func<HealthCheckRegistration, bool>? predicate, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var own = Registrations().Where(r => predicate?.Invoke(r) ?? true).ToList();
        var ownRun = Task.WhenAll(own.Select(r => RunAsync(r, cancellationToken)));
        var report = await registered.CheckHealthAsync(predicate, cancellationToken).ConfigureAwait(false);
        var results = await ownRun.ConfigureAwait(false);
        var entries = new Dictionary<string, HealthReportEntry>(report.Entries, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < own.Count; i++)
        {
            entries.TryAdd(own[i].Name, results[i]);
        }

        return new HealthReport(entries, Stopwatch.GetElapsedTime(started));
    }

    private IEnumerable<HealthCheckRegistration> Registrations()
    {
        if (services.GetService<DatagramListenerService>() is { } listener)
        {
            foreach (var endpoint in listener.Options.Endpoints)
            {
                var name = endpoint.Name;
                yield return new HealthCheckRegistration("endpoint:" + name, _ => new EndpointHealthCheck(name, listener), failureStatus: null, tags: [EndpointTag]);
            }
        }

        if (services.GetService<DatagramSender>() is { } sender)
        {
            var checks = services.GetRequiredService<TargetHealthChecks>();
            foreach (var name in sender.TargetNames)
            {
                yield return new HealthCheckRegistration("target:" + name, _ => checks.Get(name), failureStatus: null, tags: [TargetTag]);
            }
        }
    }

    private async Task<HealthReportEntry> RunAsync(HealthCheckRegistration registration, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var check = registration.Factory(services);
            var result = await check.CheckHealthAsync(new HealthCheckContext { Registration = registration }, cancellationToken).ConfigureAwait(false);
            return new HealthReportEntry(result.Status, result.Description, Stopwatch.GetElapsedTime(started), result.Exception, result.Data, registration.Tags);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthReportEntry(registration.FailureStatus, ex.Message, Stopwatch.GetElapsedTime(started), ex, null, registration.Tags);
        }
    }
}
