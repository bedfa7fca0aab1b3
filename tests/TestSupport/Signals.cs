namespace UnixDatagram.TestSupport;

/// <summary>The Linux signal numbers the tests send with <see cref="ChildProcess.Signal"/> (signal(7), x86 and ARM).</summary>
public static class Signals
{
    /// <summary>SIGHUP: the daemon reloads its configuration.</summary>
    public const int SigHup = 1;

    /// <summary>SIGTERM: the daemon stops cleanly (what <c>systemctl stop</c> sends).</summary>
    public const int SigTerm = 15;

    /// <summary>SIGCONT: a stopped process goes on.</summary>
    public const int SigCont = 18;

    /// <summary>SIGSTOP: the process is stopped, cannot catch it, and answers nothing until SIGCONT.</summary>
    public const int SigStop = 19;
}
