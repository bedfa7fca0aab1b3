using System.Diagnostics;
using System.Numerics;

namespace UnixDatagram.Bench;

/// <summary>
/// Counts received datagrams and timestamps the measured window, with the same definition as the C receivers
/// (bench/c/bench.h): of <c>warmup + count</c> datagrams, the clock starts when datagram number
/// <c>max(warmup, 1)</c> arrives and stops when the last one arrives.
/// </summary>
/// <remarks>Not thread-safe: one receive loop drives it.</remarks>
internal sealed class MeasurementWindow
{
    /// <summary>The largest datagram the benchmark sends.</summary>
    public const int MaxDatagramSize = 65536;

    /// <summary>The number of the datagram whose arrival starts the clock.</summary>
    private readonly long _first;
    private long _start;
    private long _end;

    public MeasurementWindow(long count, long warmup, int datagramSize)
    {
        Total = warmup + count;
        _first = Math.Max(warmup, 1);
        DatagramSize = datagramSize;
        BufferSize = (int)BitOperations.RoundUpToPowerOf2((uint)datagramSize);
    }

    /// <summary>The size every datagram must have.</summary>
    public int DatagramSize { get; }

    /// <summary>
    /// The receive buffer: <see cref="DatagramSize"/> rounded up to a power of two, as in the C receivers.
    /// </summary>
    public int BufferSize { get; }

    /// <summary>Warm-up and measured datagrams together: what the sender sends.</summary>
    public long Total { get; }

    /// <summary>Datagrams counted so far.</summary>
    public long Received { get; private set; }

    /// <summary>Datagrams received inside the window: <c>count</c> with a warm-up, <c>count - 1</c> without.</summary>
    public long TimedDatagrams => Total - _first;

    /// <summary>The window's length in seconds, at the full <see cref="Stopwatch"/> resolution.</summary>
    public double ElapsedSeconds => (double)(_end - _start) / Stopwatch.Frequency;

    /// <summary>Counts one datagram of <paramref name="length"/> bytes; true when it was the last one.</summary>
    /// <exception cref="InvalidDataException">The datagram does not have the expected size.</exception>
    public bool Count(int length)
    {
        if (length != DatagramSize)
        {
            ThrowWrongSize(length);
        }
        long received = ++Received;
        if (received == _first)
        {
            _start = Stopwatch.GetTimestamp();
        }
        if (received != Total)
        {
            return false;
        }
        _end = Stopwatch.GetTimestamp();
        return true;
    }

    private void ThrowWrongSize(int length) =>
        throw new InvalidDataException($"datagram {Received + 1} has {length} bytes, expected {DatagramSize}");
}
