namespace UnixDatagram.Handlers.Internal;

/// <summary>
/// Facility <c>kern</c> from user space is <c>user</c>, as journald has it (<c>syslog_fixup_facility()</c> in
/// journald-syslog.c): the kernel's own messages never come through a socket. Kept only when the kernel vouches that
/// the sender is root (uid 0); a sender whose credentials are unknown is taken as unprivileged.
/// </summary>
internal static class SyslogFacilityFixup
{
    public static SyslogFacility FromSender(SyslogFacility facility, UnixCredentials? credentials) =>
        facility == SyslogFacility.Kernel && credentials is not { UserId: 0 } ? SyslogFacility.User : facility;

    /// <summary>A copy of <paramref name="message"/> with <paramref name="facility"/>.</summary>
    public static SyslogMessage WithFacility(SyslogMessage message, SyslogFacility facility) => message with { Facility = facility };
}
