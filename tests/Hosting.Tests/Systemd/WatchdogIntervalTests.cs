using UnixDatagram.Hosting.Systemd;

namespace UnixDatagram.Hosting.Tests.Systemd;

public sealed class WatchdogIntervalTests
{
    [Fact]
    public void TryRead_UsecAndOurPid_TimeoutAndHalfIntervalPing()
    {
        Assert.True(Read(("WATCHDOG_USEC", "30000000"), ("WATCHDOG_PID", "100"), out var timeout, out var reason));

        Assert.Equal(TimeSpan.FromSeconds(30), timeout);
        Assert.Equal(TimeSpan.FromSeconds(15), WatchdogInterval.PingInterval(timeout));
        Assert.Null(reason);
    }

    [Fact]
    public void TryRead_UsecWithoutPid_Enabled()
    {
        Assert.True(Read(("WATCHDOG_USEC", "1500"), null, out var timeout, out _));

        Assert.Equal(TimeSpan.FromMicroseconds(1500), timeout);
    }

    [Fact]
    public void TryRead_OtherPid_DisabledSayingWhy()
    {
        Assert.False(Read(("WATCHDOG_USEC", "30000000"), ("WATCHDOG_PID", "7"), out _, out var reason));

        Assert.Equal("WATCHDOG_PID=7 is not this process (100)", reason);
    }

    [Fact]
    public void TryRead_NoUsec_Disabled()
    {
        Assert.False(Read(null, ("WATCHDOG_PID", "100"), out _, out var reason));

        Assert.Contains("WATCHDOG_USEC is not set", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("30s")]
    [InlineData("18446744073709551615")]
    public void TryRead_BadUsec_Disabled(string usec)
    {
        Assert.False(Read(("WATCHDOG_USEC", usec), null, out _, out var reason));

        Assert.Contains($"WATCHDOG_USEC='{usec}'", reason, StringComparison.Ordinal);
    }

    private static bool Read((string Name, string Value)? usec, (string Name, string Value)? pid, out TimeSpan timeout, out string? reason)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var v in new[] { usec, pid })
        {
            if (v is { } value)
            {
                env[value.Name] = value.Value;
            }
        }

        return WatchdogInterval.TryRead(name => env.GetValueOrDefault(name), 100, out timeout, out reason);
    }
}
