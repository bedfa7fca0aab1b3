namespace UnixDatagram.Systemd.Integration.Tests;

/// <summary>
/// A test that boots a real systemd. Skipped, with the reason, only outside CI when a prerequisite is missing; on CI
/// it runs and fails instead.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SystemdFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the machine cannot boot a container and this is not CI.</summary>
    public SystemdFactAttribute()
    {
        if (!Prerequisites.TestsRun)
        {
            Skip = "A real systemd cannot be booted here: " + Prerequisites.Missing + ". On CI (CI=true) this is a failure.";
        }
    }
}
