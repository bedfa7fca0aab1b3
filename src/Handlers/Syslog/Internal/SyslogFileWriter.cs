using System.Threading.Channels;

namespace UnixDatagram.Handlers.Internal;

/// <summary>
/// Writes lines to their files on one task of its own: it takes every line waiting, writes them through each file's
/// buffer, and flushes every file it wrote to once the queue is empty (rsyslog's "flush on transaction end"), so a
/// burst costs one <c>write(2)</c> per buffer and a quiet moment leaves every line in the file. A failed write or
/// open is counted, logged (rate-limited) and closes that file, which the next line opens again; the lines it held
/// are counted as lost. <see cref="Reopen"/> closes every file after the lines already taken (logrotate's
/// <c>postrotate</c> HUP). Disposing writes everything queued, then closes.
/// </summary>
internal sealed class SyslogFileWriter : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Channel<(string Path, string Line)> _lines;
    private readonly Dictionary<string, OpenFile> _files = new(StringComparer.Ordinal);
    private readonly string _handler;
    private readonly ILogger _logger;
    private readonly RateLimiter _errorLog;
    private readonly Task _pump;
    private volatile SyslogFileConfiguration _configuration;
    private int _reopen;
    private long _written;
    private long _writeErrors;
    private long _lost;

    public SyslogFileWriter(string handler, SyslogFileConfiguration configuration, ILogger logger, TimeProvider time)
    {
        _handler = handler;
        _configuration = configuration;
        _logger = logger;
        _errorLog = new RateLimiter(time, TimeSpan.FromSeconds(10));
        _lines = Channel.CreateBounded<(string, string)>(new BoundedChannelOptions(configuration.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Lines in files (flushed).</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Failed opens, writes and flushes.</summary>
    public long WriteErrors => Interlocked.Read(ref _writeErrors);

    /// <summary>Lines a failed write or open lost.</summary>
    public long Lost => Interlocked.Read(ref _lost);

    /// <summary>Queues a line; waits (asynchronously) while the queue is full.</summary>
    public ValueTask WriteAsync(string path, string line, CancellationToken cancellationToken) =>
        _lines.Writer.TryWrite((path, line)) ? default : _lines.Writer.WriteAsync((path, line), cancellationToken);

    /// <summary>Takes new settings (buffer size, file mode) and closes every file, after the lines already taken, so each is opened anew by path.</summary>
    public void Reopen(SyslogFileConfiguration configuration)
    {
        _configuration = configuration;
        Interlocked.Exchange(ref _reopen, 1);

        // Wakes the pump even when no line comes, so that a rotated file is let go of at once.
        _lines.Writer.TryWrite((string.Empty, string.Empty));
    }

    /// <summary>Writes what is queued, flushes and closes (at most 10 s).</summary>
    public void Dispose()
    {
        _lines.Writer.TryComplete();
        try
        {
            _pump.Wait(StopTimeout);
        }
        catch (AggregateException)
        {
            // PumpAsync reports its own errors; nothing is left to do at dispose.
        }
    }

    private async Task PumpAsync()
    {
        var reader = _lines.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            if (Interlocked.Exchange(ref _reopen, 0) == 1)
            {
                CloseAll();
            }

            while (reader.TryRead(out var item))
            {
                if (item.Path.Length > 0)
                {
                    Write(item.Path, item.Line);
                }
            }

            FlushAll();
        }

        CloseAll();
    }

    private void Write(string path, string line)
    {
        if (!_files.TryGetValue(path, out var file))
        {
            try
            {
                file = OpenFile.Open(path, _configuration);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Failed(path, "open", 1, ex);
                return;
            }

            _files.Add(path, file);
        }

        try
        {
            file.Writer.Write(line);
            file.Pending++;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Drop(path, file, "write", file.Pending + 1, ex);
        }
    }

    private void FlushAll()
    {
        foreach (var (path, file) in _files.ToArray())
        {
            if (file.Pending == 0)
            {
                continue;
            }

            try
            {
                file.Writer.Flush();
                Interlocked.Add(ref _written, file.Pending);
                file.Pending = 0;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Drop(path, file, "write", file.Pending, ex);
            }
        }
    }

    private void CloseAll()
    {
        FlushAll();
        foreach (var (path, file) in _files.ToArray())
        {
            _files.Remove(path);
            file.Dispose();
        }
    }

    private void Drop(string path, OpenFile file, string operation, long lines, Exception exception)
    {
        _files.Remove(path);
        file.Pending = 0;
        file.Dispose();
        Failed(path, operation, lines, exception);
    }

    private void Failed(string path, string operation, long lines, Exception exception)
    {
        Interlocked.Increment(ref _writeErrors);
        Interlocked.Add(ref _lost, lines);
        if (_errorLog.TryAcquire(out var suppressed))
        {
            var key = _configuration.Outputs.FirstOrDefault(o => string.Equals(o.Path, path, StringComparison.Ordinal))?.Key ?? "(no longer configured)";
            SyslogFileHandlerLog.LogWriteFailed(_logger, _handler, operation, path, key, exception.Message, lines, suppressed, Lost);
        }
    }

    /// <summary>One open file (<c>O_APPEND</c>): every write lands at its end, also after logrotate's <c>copytruncate</c>.</summary>
    private sealed class OpenFile(StreamWriter writer) : IDisposable
    {
        public StreamWriter Writer { get; } = writer;

        public long Pending { get; set; }

        public static OpenFile Open(string path, SyslogFileConfiguration configuration)
        {
            // Never through a symbolic link, never a FIFO or a device, only in a directory that passes the socket
            // directory's check: at start, on reload and after every failure alike.
            var handle = UnixAppendFile.Open(path, configuration.FileMode);
            try
            {
                return new OpenFile(new StreamWriter(new FileStream(handle, FileAccess.Write, bufferSize: 0), Utf8, configuration.BufferSize));
            }
            catch
            {
                handle.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            try
            {
                Writer.Dispose();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Whatever it still held was counted as lost by the caller; the descriptor is closed either way.
            }
        }
    }
}
