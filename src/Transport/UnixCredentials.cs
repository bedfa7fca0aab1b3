namespace UnixDatagram.Transport;

/// <summary>
/// The sender of a datagram as the kernel vouches for it (<c>SCM_CREDENTIALS</c>): process id, user id, group id.
/// </summary>
/// <remarks>
/// The kernel fills these in for every datagram once the receiving socket has <c>SO_PASSCRED</c>
/// (<see cref="UnixDatagramSocket.PassCredentials"/>). A sender may only claim its own ids, unless it holds
/// <c>CAP_SYS_ADMIN</c>, <c>CAP_SETUID</c> or <c>CAP_SETGID</c>.
/// <para>Where credentials are unknown they are absent (a null <c>UnixCredentials?</c>), never made up: a datagram
/// queued before the receiving socket had <c>SO_PASSCRED</c> (a socket systemd passed without
/// <c>PassCredentials=yes</c>) carries only the kernel's placeholder, pid 0 with the overflow uid and gid (65534),
/// which the transport reports as unknown.</para>
/// </remarks>
/// <param name="ProcessId">The sender's process id, as seen from the receiver's pid namespace (0 if it has none there).</param>
/// <param name="UserId">The sender's user id.</param>
/// <param name="GroupId">The sender's group id.</param>
public readonly record struct UnixCredentials(int ProcessId, uint UserId, uint GroupId)
{
    /// <summary>Formats as <c>pid=1 uid=0 gid=0</c>.</summary>
    public override string ToString() => $"pid={ProcessId} uid={UserId} gid={GroupId}";

    /// <summary>Formats <paramref name="credentials"/> as <see cref="ToString"/> does, or as <c>credentials unknown</c> when absent.</summary>
    /// <param name="credentials">A sender's credentials, null when the receiving socket did not get them.</param>
    /// <returns>The text a log line names the sender by.</returns>
    public static string Describe(UnixCredentials? credentials) => credentials?.ToString() ?? "credentials unknown";
}
