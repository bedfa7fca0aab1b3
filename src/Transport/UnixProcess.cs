using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport;

/// <summary>The current process's ids, as the kernel reports them in credentials, and its signal dispositions.</summary>
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

    /// <summary>What the process does on <paramref name="signal"/> now (<c>sigaction(2)</c> with no new action).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="signal"/> is no signal of this system.</exception>
    public static unsafe UnixSignalDisposition GetSignalDisposition(PosixSignal signal)
    {
        SigAction current;
        Call(signal, null, &current);
        return current.Handler switch
        {
            Libc.SIG_DFL => UnixSignalDisposition.Default,
            Libc.SIG_IGN => UnixSignalDisposition.Ignored,
            _ => UnixSignalDisposition.Caught,
        };
    }

    /// <summary>
    /// Sets <paramref name="signal"/> to its default action or to ignored. .NET keeps a signal that the process
    /// started with ignored ignored, even under a <see cref="PosixSignalRegistration"/> (it installs no handler over
    /// <c>SIG_IGN</c>): a program that gives the signal a meaning of its own sets <see cref="UnixSignalDisposition.Default"/>
    /// first. A caught signal is left alone: replacing it would remove its handler.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="signal"/> is no signal of this system, or <paramref name="disposition"/> is <see cref="UnixSignalDisposition.Caught"/>.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="signal"/> is caught.</exception>
    public static unsafe void SetSignalDisposition(PosixSignal signal, UnixSignalDisposition disposition)
    {
        if (disposition is not (UnixSignalDisposition.Default or UnixSignalDisposition.Ignored))
        {
            throw new ArgumentOutOfRangeException(nameof(disposition), disposition, "only Default and Ignored can be set; a handler comes from PosixSignalRegistration.");
        }

        if (GetSignalDisposition(signal) == UnixSignalDisposition.Caught)
        {
            throw new InvalidOperationException($"{signal} has a handler; setting it to {disposition} would remove it.");
        }

        SigAction next = default;
        next.Handler = disposition == UnixSignalDisposition.Ignored ? Libc.SIG_IGN : Libc.SIG_DFL;
        Call(signal, &next, null);
    }

    private static unsafe void Call(PosixSignal signal, SigAction* action, SigAction* previous)
    {
        var number = Number(signal);
        if (SignalCalls.SigAction(number, action, previous) != 0)
        {
            // EINVAL is the only error sigaction(2) can return for valid pointers: no such signal, or SIGKILL/SIGSTOP.
            throw new ArgumentOutOfRangeException(nameof(signal), signal, $"sigaction({number.ToString(CultureInfo.InvariantCulture)}) failed: {Errno.Name(Marshal.GetLastPInvokeError())}.");
        }
    }

    /// <summary>The kernel's number for <paramref name="signal"/>: <see cref="PosixSignal"/> names some signals by negative values, and passes any other as its raw number.</summary>
    private static int Number(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => Libc.SIGHUP,
        PosixSignal.SIGINT => Libc.SIGINT,
        PosixSignal.SIGQUIT => Libc.SIGQUIT,
        PosixSignal.SIGTERM => Libc.SIGTERM,
        PosixSignal.SIGCHLD => Libc.SIGCHLD,
        PosixSignal.SIGCONT => Libc.SIGCONT,
        PosixSignal.SIGWINCH => Libc.SIGWINCH,
        PosixSignal.SIGTTIN => Libc.SIGTTIN,
        PosixSignal.SIGTTOU => Libc.SIGTTOU,
        PosixSignal.SIGTSTP => Libc.SIGTSTP,
        > 0 => (int)signal,
        _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "not a signal of this system."),
    };
}
