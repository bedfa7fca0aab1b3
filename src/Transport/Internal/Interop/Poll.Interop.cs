namespace UnixDatagram.Transport.Internal.Interop;

/// <summary><c>poll(2)</c>, for a dedicated receive thread that waits on its socket and a wake-up eventfd.</summary>
internal static unsafe partial class PollCalls
{
    [LibraryImport(Libc.Name, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeout);
}
