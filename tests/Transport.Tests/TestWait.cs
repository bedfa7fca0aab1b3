namespace UnixDatagram.Transport.Tests;

/// <summary>The one bound on every wait in this suite: generous, because machines are noisy, and never asserted.</summary>
internal static class TestWait
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public static Task<T> Within<T>(this ValueTask<T> task) => task.AsTask().WaitAsync(Timeout);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Timeout);

    public static Task Within(this Task task) => task.WaitAsync(Timeout);

    public static Task Within(this ValueTask task) => task.AsTask().WaitAsync(Timeout);

    public static string UniqueAbstractName(string prefix) => $"@udg-test-{prefix}-{Guid.NewGuid():N}";
}
