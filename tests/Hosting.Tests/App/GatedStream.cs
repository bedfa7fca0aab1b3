namespace UnixDatagram.Hosting.Tests.App;

/// <summary>
/// A write-only stream standing in for a stderr that nobody reads: while closed, a write blocks (as on a full pipe);
/// it counts the writes and keeps what they carried.
/// </summary>
internal sealed class GatedStream : Stream
{
    private readonly ManualResetEventSlim _open;
    private readonly MemoryStream _written = new();
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _firstWrite = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstWritten = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _writes;

    public GatedStream(bool open) => _open = new ManualResetEventSlim(open);

    /// <summary>Completes when the first write arrives (before it waits at a closed gate).</summary>
    public Task FirstWrite => _firstWrite.Task;

    /// <summary>Completes when the first write's bytes are kept (<see cref="Lines"/> has them).</summary>
    public Task FirstWritten => _firstWritten.Task;

    public int Writes => Volatile.Read(ref _writes);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public void Open() => _open.Set();

    /// <summary>Every complete line written so far.</summary>
    public string[] Lines()
    {
        lock (_lock)
        {
            var text = System.Text.Encoding.UTF8.GetString(_written.GetBuffer(), 0, (int)_written.Length);
            return text.Split('\n')[..^1];
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return;
        }

        _firstWrite.TrySetResult();
        if (!_open.Wait(ChildProcess.Timeout))
        {
            _open.Set(); // fail this write only, not every one after it
            throw new TimeoutException("the gate was never opened");
        }

        lock (_lock)
        {
            _written.Write(buffer);
            _writes++;
        }

        _firstWritten.TrySetResult();
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _open.Dispose();
            _written.Dispose();
        }

        base.Dispose(disposing);
    }
}
