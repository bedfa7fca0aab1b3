namespace UnixDatagram.Transport.Internal.Interop;

/// <summary><c>sigaction(2)</c>: a signal's disposition, which .NET reads but does not let a program change.</summary>
internal static unsafe partial class SignalCalls
{
    [LibraryImport(Libc.Name, EntryPoint = "sigaction", SetLastError = true)]
    public static partial int SigAction(int signal, SigAction* action, SigAction* previous);
}
