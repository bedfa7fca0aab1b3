namespace UnixDatagram.Hosting.Tests.Listener;

/// <summary>Every wait in these tests is bounded: a hang is a failure that names itself, not a stuck run.</summary>
internal static class Wait
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static Task Within(this Task task) => task.WaitAsync(Patience);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Patience);

    public static Task Within(this ValueTask task) => task.AsTask().WaitAsync(Patience);
}
