namespace UnixDatagram.TestSupport;

/// <summary>
/// The one bound on every in-process wait in these suites: generous, because machines are noisy, and never asserted.
/// A hang is a failure that names itself, not a stuck run.
/// </summary>
public static class TestWait
{
    /// <summary>How long any single wait may take before the test fails.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>The task's result, or a <see cref="TimeoutException"/> after <see cref="Timeout"/>.</summary>
    public static Task<T> Within<T>(this ValueTask<T> task) => task.AsTask().WaitAsync(Timeout);

    /// <summary>The task's result, or a <see cref="TimeoutException"/> after <see cref="Timeout"/>.</summary>
    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Timeout);

    /// <summary>The task's completion, or a <see cref="TimeoutException"/> after <see cref="Timeout"/>.</summary>
    public static Task Within(this Task task) => task.WaitAsync(Timeout);

    /// <summary>The task's completion, or a <see cref="TimeoutException"/> after <see cref="Timeout"/>.</summary>
    public static Task Within(this ValueTask task) => task.AsTask().WaitAsync(Timeout);
}
