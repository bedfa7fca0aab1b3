using System.Globalization;
using static UnixDatagram.Hosting.Tests.EndpointConfig;

namespace UnixDatagram.Hosting.Tests.Reload;

/// <summary>What systemd hears during a reload (sd_notify(3)): RELOADING=1 with MONOTONIC_USEC=, then READY=1 with STATUS=.</summary>
public sealed class ReloadNotifyTests
{
    /// <summary>CLOCK_MONOTONIC in microseconds, read by another program.</summary>
    private const string Monotonic = "import time; print(time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000)";

    [Fact]
    public async Task Reload_Applied_SendsReloadingWithMonotonicUsecThenReadyWithStatus()
    {
        await using var host = ListenerHost.CreateReloadable(Endpoint(0, "a", "a.sock", ["log"]));
        await host.StartAsync();
        var before = await MonotonicAsync();

        var result = await host.ReloadAsync();

        var after = await MonotonicAsync();
        Assert.True(result.Succeeded, result.Message);
        var reloading = await host.Notify.ReceiveAsync();
        while (reloading.StartsWith("STATUS=", StringComparison.Ordinal))
        {
            reloading = await host.Notify.ReceiveAsync();
        }

        var lines = reloading.Split('\n');
        Assert.Equal("RELOADING=1", lines[0]);
        var usec = long.Parse(Assert.Single(lines, l => l.StartsWith("MONOTONIC_USEC=", StringComparison.Ordinal))["MONOTONIC_USEC=".Length..], NumberStyles.None, CultureInfo.InvariantCulture);
        Assert.InRange(usec, before, after);
        var ready = await ReloadRejectTests.NextReadyAsync(host);
        Assert.StartsWith("READY=1\nSTATUS=Reloaded: 1 endpoint(s)", ready, StringComparison.Ordinal);
    }

    private static async Task<long> MonotonicAsync()
    {
        var clock = await ExternalProcess.PythonAsync(Monotonic);
        Assert.True(clock.ExitCode == 0, clock.ToString());
        return long.Parse(clock.StandardOutput.Trim(), CultureInfo.InvariantCulture);
    }
}
