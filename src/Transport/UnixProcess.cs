using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport;

/// <summary>The current process's ids, as the kernel reports them in credentials.</summary>
public static class UnixProcess
{
    /// <summary>The real user id (<c>getuid</c>).</summary>
    public static uint UserId => FileCalls.GetUid();

    /// <summary>The effective user id (<c>geteuid</c>): whose files this process creates, and whom the kernel checks permissions for.</summary>
    public static uint EffectiveUserId => FileCalls.GetEuid();

    /// <summary>The real group id (<c>getgid</c>).</summary>
    public static uint GroupId => FileCalls.GetGid();

    /// <summary>The process id (<c>getpid</c>).</summary>
    public static int ProcessId => Environment.ProcessId;
}
