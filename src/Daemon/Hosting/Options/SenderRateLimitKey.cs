namespace UnixDatagram.Hosting;

/// <summary>What identifies a sender for <see cref="DatagramEndpointOptions.RateLimitBurst"/>.</summary>
public enum SenderRateLimitKey
{
    /// <summary>The sender's user id: all of a user's processes share one budget.</summary>
    UserId,
    /// <summary>The sender's process id.</summary>
    ProcessId,
}
