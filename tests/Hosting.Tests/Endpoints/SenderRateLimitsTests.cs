using Microsoft.Extensions.Time.Testing;
using UnixDatagram.Hosting.Endpoints;

namespace UnixDatagram.Hosting.Tests.Endpoints;

/// <summary>The per-sender table stays bounded when a sender cycles through ever new pids within one interval.</summary>
public sealed class SenderRateLimitsTests
{
    [Fact]
    public void TryAdmit_MoreActiveSendersThanMaxSenders_NewOnesShareOneBudget()
    {
        var limits = new SenderRateLimits(new FakeTimeProvider(), TimeSpan.FromSeconds(30), burst: 10, SenderRateLimitKey.ProcessId);
        for (var pid = 1; pid <= SenderRateLimits.MaxSenders; pid++)
        {
            Assert.True(limits.TryAdmit(pid, out _, out _), $"pid {pid} is within the table and its own burst");
        }

        var admitted = 0;
        for (var pid = SenderRateLimits.MaxSenders + 1; pid <= SenderRateLimits.MaxSenders + 1000; pid++)
        {
            admitted += limits.TryAdmit(pid, out _, out _) ? 1 : 0;
        }

        Assert.Equal(SenderRateLimits.MaxSenders, limits.Count);
        Assert.Equal(10, admitted);
        Assert.True(limits.TryAdmit(1, out _, out _), "a sender with its own limiter keeps it");
    }

    [Fact]
    public void TryAdmit_SendersIdleForTwoIntervals_ForgottenWhenTheTableGrows()
    {
        var clock = new FakeTimeProvider();
        var limits = new SenderRateLimits(clock, TimeSpan.FromSeconds(30), burst: 10, SenderRateLimitKey.ProcessId);
        for (var pid = 1; pid <= 4096; pid++)
        {
            limits.TryAdmit(pid, out _, out _);
        }

        clock.Advance(TimeSpan.FromSeconds(61));
        limits.TryAdmit(5000, out _, out _);

        Assert.Equal(1, limits.Count);
    }
}
