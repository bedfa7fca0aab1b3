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

    /// <summary>
    /// A burst of fresh pids fills the table within one interval, so the scan then frees nothing; two intervals later
    /// those limiters are idle, and the next new senders get a budget of their own again instead of sharing one.
    /// </summary>
    [Fact]
    public void TryAdmit_TableFilledByOneBurst_IdleLimitersForgottenAfterTwoIntervals()
    {
        var clock = new FakeTimeProvider();
        var limits = new SenderRateLimits(clock, TimeSpan.FromSeconds(2), burst: 1, SenderRateLimitKey.ProcessId);
        for (var pid = 1; pid <= SenderRateLimits.MaxSenders + 100; pid++)
        {
            limits.TryAdmit(pid, out _, out _);
        }

        Assert.Equal(SenderRateLimits.MaxSenders, limits.Count);
        clock.Advance(TimeSpan.FromSeconds(5));
        var admitted = 0;
        for (var pid = 100_001; pid <= 100_020; pid++)
        {
            admitted += limits.TryAdmit(pid, out _, out _) ? 1 : 0;
        }

        Assert.Equal(20, admitted);
        Assert.Equal(20, limits.Count);
    }

    /// <summary>While the burst's limiters are still active, a full table is not scanned at every new sender: they share one budget.</summary>
    [Fact]
    public void TryAdmit_TableFullOfActiveSenders_NewOnesShareUntilAScanFreesRoom()
    {
        var clock = new FakeTimeProvider();
        var limits = new SenderRateLimits(clock, TimeSpan.FromSeconds(2), burst: 1, SenderRateLimitKey.ProcessId);
        for (var pid = 1; pid <= SenderRateLimits.MaxSenders; pid++)
        {
            limits.TryAdmit(pid, out _, out _);
        }

        clock.Advance(TimeSpan.FromSeconds(3));
        var admitted = 0;
        for (var pid = 100_001; pid <= 100_020; pid++)
        {
            admitted += limits.TryAdmit(pid, out _, out _) ? 1 : 0;
        }

        Assert.Equal(1, admitted);
        Assert.Equal(SenderRateLimits.MaxSenders, limits.Count);
    }
}
