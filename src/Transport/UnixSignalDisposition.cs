namespace UnixDatagram.Transport;

/// <summary>What a process does when a signal arrives (signal(7), "Signal dispositions"), as <c>sigaction(2)</c> reports it.</summary>
public enum UnixSignalDisposition
{
    /// <summary><c>SIG_DFL</c>: the kernel's default action (for <c>SIGHUP</c> and <c>SIGTERM</c>: the process ends).</summary>
    Default,
    /// <summary><c>SIG_IGN</c>: the signal is discarded. <c>execve(2)</c> keeps it so: <c>nohup</c> and a shell's <c>trap '' HUP</c> hand it on to the program they start.</summary>
    Ignored,
    /// <summary>A handler is installed (.NET's, once a <see cref="PosixSignalRegistration"/> is in place).</summary>
    Caught,
}
