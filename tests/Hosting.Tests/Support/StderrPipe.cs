namespace UnixDatagram.Hosting.Tests;

/// <summary>
/// The real <c>dgramd run</c> with its stderr in a FIFO that the test reads only when it chooses, as a pager or a
/// log collector would: read up to "Application started" at start, then not until the test reads <see cref="Reader"/>.
/// </summary>
internal sealed class StderrPipe : IAsyncDisposable
{
    private readonly FileStream _stream;
    private readonly CancellationTokenSource _timeout = new(ChildProcess.Timeout);

    private StderrPipe(ChildProcess daemon, FileStream stream)
    {
        Daemon = daemon;
        _stream = stream;
        Reader = new StreamReader(stream);
    }

    public ChildProcess Daemon { get; }

    /// <summary>The read end of the daemon's stderr.</summary>
    public StreamReader Reader { get; }

    /// <summary>Ends every read after <see cref="ChildProcess.Timeout"/> from the start.</summary>
    public CancellationToken Timeout => _timeout.Token;

    /// <summary>Starts the daemon with <paramref name="environment"/> and reads its stderr until it has started.</summary>
    public static async Task<StderrPipe> StartAsync(TempDirectory directory, IDictionary<string, string> environment)
    {
        var fifo = await MakeFifoAsync(directory);
        var daemon = DaemonProcess.Start(["run"], environment, launcher: ["sh", "-c", "exec \"$@\" 2>\"$0\"", fifo]);
        var stream = await Task.Run(() => new FileStream(fifo, FileMode.Open, FileAccess.Read)).WaitAsync(ChildProcess.Timeout);
        var pipe = new StderrPipe(daemon, stream);
        while (await pipe.Reader.ReadLineAsync(pipe.Timeout) is { } line && !line.Contains("Application started", StringComparison.Ordinal))
        {
        }

        return pipe;
    }

    /// <summary>A FIFO in <paramref name="directory"/>, made by <c>mkfifo</c>.</summary>
    public static async Task<string> MakeFifoAsync(TempDirectory directory)
    {
        var fifo = directory.File("stderr.fifo");
        using var mkfifo = await ChildProcess.RunAsync("mkfifo", [fifo]);
        Assert.True(mkfifo.ExitCode == 0, mkfifo.StandardError);
        return fifo;
    }

    public async ValueTask DisposeAsync()
    {
        await Daemon.DisposeAsync();
        Reader.Dispose();
        await _stream.DisposeAsync();
        _timeout.Dispose();
    }
}
