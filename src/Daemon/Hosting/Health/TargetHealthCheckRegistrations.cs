using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace UnixDatagram.Hosting;

/// <summary>Adds one health check per configured target (<c>target:&lt;name&gt;</c>, tagged <c>target</c>); targets are known only once options bind.</summary>
internal sealed class TargetHealthCheckRegistrations(IOptions<DatagramDaemonOptions> options) : IConfigureOptions<HealthCheckServiceOptions>
{
    /// <summary>The tag on every target health check.</summary>
    public const string Tag = "target";

    /// <summary>The health check name for <paramref name="target"/>.</summary>
    public static string NameOf(string target) => "target:" + target;

    public void Configure(HealthCheckServiceOptions healthChecks)
    {
        ArgumentNullException.ThrowIfNull(healthChecks);
        foreach (var target in options.Value.Targets)
        {
            var name = target.Name;
            var checkName = NameOf(name);
            if (healthChecks.Registrations.Any(r => string.Equals(r.Name, checkName, StringComparison.Ordinal)))
            {
                continue;
            }

            healthChecks.Registrations.Add(new HealthCheckRegistration(
                checkName,
                sp => sp.GetRequiredService<TargetHealthChecks>().Get(name),
                failureStatus: null,
                tags: [Tag]));
        }
    }
}
