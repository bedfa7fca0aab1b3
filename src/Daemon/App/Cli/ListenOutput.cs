using System.Diagnostics;

namespace UnixDatagram.Daemon;

/// <summary>What <c>listen</c> prints, and when it has seen enough.</summary>
/// <remarks>
/// The summary's clock is bench/c/bench.h's window: it starts when datagram number <c>max(warmup, 1)</c> arrives and
/// stops at the last one, so the rate is <c>(received - max(warmup, 1)) / seconds</c>, as the benchmark's other
/// receivers measure it. With <c>--count</c> only those two datagrams read the clock.
/// </remarks>
internal sealed class ListenOutput(bool quiet, long? count, long warmup = 0) : IDisposable
{
    private readonly long _firstTimed = Math.Max(warmup, 1);
    private readonly StreamWriter _stdout = new(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = false };
    private long _count;
    private long _first;
    private long _last;

    public Action Stop { get; set; } = static () => { };

    public long Count => Interlocked.Read(ref _count);

    public bool Quiet => quiet;

    /// <summary>Counts one datagram; true while it is within <c>--count</c>.</summary>
    public bool Take()
    {
        var n = Interlocked.Increment(ref _count);
        if (count is { } limit && n > limit)
        {
            return false;
        }

        if (n == _firstTimed)
        {
            _first = Stopwatch.GetTimestamp();
        }

        if (count is null || n == count)
        {
            _last = Stopwatch.GetTimestamp();
        }

        if (n == count)
        {
            Stop();
        }

        return true;
    }

    public void Print(string line)
    {
        lock (_stdout)
        {
            _stdout.WriteLine(line);
            _stdout.Flush();
        }
    }

    public void Dispose() => _stdout.Dispose();

    public async Task CompleteAsync()
    {
        if (quiet)
        {
            var received = Math.Min(Count, count ?? long.MaxValue);
            var seconds = received > _firstTimed ? Stopwatch.GetElapsedTime(_first, _last).TotalSeconds : 0;
            var rate = seconds > 0 ? (received - _firstTimed) / seconds : 0;
            await _stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"received {Quantity.Of(received, "datagram")} in {seconds:F3} s ({rate:F0}/s)")).ConfigureAwait(false);
        }

        await _stdout.FlushAsync().ConfigureAwait(false);
    }
}
