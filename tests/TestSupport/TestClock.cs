using Microsoft.Extensions.Time.Testing;

namespace UnixDatagram.TestSupport;

/// <summary>
/// A fake clock that also tells when a timer is armed with a given due time, so a test advances time only once the
/// code under test is waiting on it (a handler timeout armed, a shutdown wait started), never by guessing.
/// </summary>
public sealed class TestClock : FakeTimeProvider
{
    private readonly Lock _lock = new();
    private readonly Dictionary<TimeSpan, int> _armed = [];
    private readonly List<(TimeSpan DueTime, int Count, TaskCompletionSource Reached)> _waiters = [];

    /// <summary>A clock at 2025-01-01 00:00 UTC.</summary>
    public TestClock()
        : base(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ObservedTimer(this, base.CreateTimer(callback, state, dueTime, period));
        OnArmed(dueTime);
        return timer;
    }

    /// <summary>Completes once timers have been armed <paramref name="count"/> times, in all, with exactly <paramref name="dueTime"/>.</summary>
    public Task ArmedAsync(TimeSpan dueTime, int count = 1)
    {
        lock (_lock)
        {
            if (_armed.GetValueOrDefault(dueTime) >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((dueTime, count, reached));
            return reached.Task;
        }
    }

    private void OnArmed(TimeSpan dueTime)
    {
        if (dueTime == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        lock (_lock)
        {
            var count = _armed[dueTime] = _armed.GetValueOrDefault(dueTime) + 1;
            foreach (var waiter in _waiters.Where(w => w.DueTime == dueTime && w.Count <= count))
            {
                waiter.Reached.TrySetResult();
            }
        }
    }

    /// <summary>Passes everything to the fake timer, reporting each re-arm (<c>CancelAfter</c> arms an existing timer).</summary>
    private sealed class ObservedTimer(TestClock clock, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = inner.Change(dueTime, period);
            clock.OnArmed(dueTime);
            return changed;
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
