using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace UnixDatagram.Hosting;

/// <summary>Adds one health check per configured endpoint (<c>endpoint:&lt;name&gt;</c>, tagged <c>endpoint</c>); endpoints are known only once options bind.</summary>
internal sealed class EndpointHealthCheckRegistrations(IOptions<DatagramDaemonOptions> options) : IConfigureOptions<HealthCheckServiceOptions>
{
    public void Configure(HealthCheckServiceOptions healthChecks)
    {
        foreach (var endpoint in options.Value.Endpoints)
        {
            var name = endpoint.Name;
            healthChecks.Registrations.Add(new HealthCheckRegistration(
                "endpoint:" + name,
                sp => new EndpointHealthCheck(name, sp.GetRequiredService<DatagramListenerService>()),
                failureStatus: null,
                tags: ["endpoint"]));
        }
    }
}
