namespace UnixDatagram.TestSupport;

/// <summary>
/// Orders starting a child process against closing a socket that a test then expects gone. A new process holds a copy
/// of every descriptor of this one, close-on-exec or not, from fork until its exec (fork(2), execve(2)); a socket this
/// process closes meanwhile lives on in the child for that time: its abstract name stays taken, a connected peer's
/// send still succeeds, its file is not yet stale. Tests run in parallel, so another test may be starting a child at
/// any moment. <see cref="ChildProcess"/> starts every child through <see cref="Spawn{T}"/>, which returns only after
/// the child's exec (as <see cref="System.Diagnostics.Process.Start()"/> does); <see cref="Close"/> closes a socket while
/// no child is between fork and exec, so the socket is gone when it returns.
/// </summary>
public static class ForkGate
{
    private static readonly ReaderWriterLockSlim Gate = new();

    /// <summary>Runs <paramref name="start"/>, which forks and execs, while no <see cref="Close"/> is running.</summary>
    public static T Spawn<T>(Func<T> start)
    {
        Gate.EnterReadLock();
        try
        {
            return start();
        }
        finally
        {
            Gate.ExitReadLock();
        }
    }

    /// <summary>
    /// Disposes <paramref name="socket"/> while no child process is being started, so that its last descriptor is
    /// closed when this returns (unless a system call of its own still uses it: see
    /// <see cref="Transport.UnixDatagramSocket.Close"/>).
    /// </summary>
    public static void Close(IDisposable socket)
    {
        Gate.EnterWriteLock();
        try
        {
            socket.Dispose();
        }
        finally
        {
            Gate.ExitWriteLock();
        }
    }
}
