using System.Diagnostics;
using System.Text;

namespace UnixDatagram.TestSupport;

/// <summary>
/// A real program in a child process (the daemon, logger, python3, systemd tools), its stdout and stderr collected
/// line by line so that a test waits for a line instead of sleeping. Every wait is bounded; dispose kills it.
/// </summary>
public sealed class ChildProcess : IDisposable, IAsyncDisposable
{
    /// <summary>How long a child process may run or stay silent by default (a first start of the daemon JIT-compiles much).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Lock _lock = new();
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];

    private ChildProcess(Process process, string command)
    {
        _process = process;
        Command = command;
    }

    /// <summary>The program and its arguments, as a shell would show them.</summary>
    public string Command { get; }

    /// <summary>Everything the process wrote to stdout so far, line by line.</summary>
    public string StandardOutput
    {
        get
        {
            lock (_lock)
            {
                return _stdout.ToString();
            }
        }
    }

    /// <summary>Everything the process wrote to stderr so far, line by line.</summary>
    public string StandardError
    {
        get
        {
            lock (_lock)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>The exit code, once it has exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>What the finished process left: its exit code and output.</summary>
    public CommandResult Result => new(Command, ExitCode, StandardOutput, StandardError, Id);

    /// <summary>
    /// Starts <paramref name="file"/> with <paramref name="environment"/> added to this process's environment and the
    /// variables named in <paramref name="unset"/> removed; fails the test clearly when it is not installed.
    /// </summary>
    public static ChildProcess Start(string file, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, IEnumerable<string>? unset = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        foreach (var key in unset ?? [])
        {
            info.Environment.Remove(key);
        }

        var process = new Process { StartInfo = info };
        var child = new ChildProcess(process, file + " " + string.Join(' ', info.ArgumentList));
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data, child._stdout);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data, child._stderr);
        try
        {
            ForkGate.Spawn(process.Start);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException($"'{file}' cannot be run ({ex.Message}); .ci/run installs what the tests use.", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs <paramref name="file"/> to completion, with <paramref name="input"/> on its standard input.</summary>
    public static async Task<ChildProcess> RunAsync(string file, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, string? input = null, TimeSpan? timeout = null, IEnumerable<string>? unset = null, CancellationToken cancellationToken = default)
    {
        var child = Start(file, arguments, environment, unset);
        try
        {
            if (input is not null)
            {
                await child._process.StandardInput.WriteAsync(input);
            }

            child._process.StandardInput.Close();
            await child.WaitForExitAsync(timeout, cancellationToken);
            return child;
        }
        catch
        {
            child.Dispose();
            throw;
        }
    }

    /// <summary>Completes with the first line (stdout or stderr) containing <paramref name="text"/>, seen before or after the call.</summary>
    public Task<string> WaitForLineAsync(string text) => WaitForLineAsync(line => line.Contains(text, StringComparison.Ordinal), text);

    /// <summary>Completes with the first line (stdout or stderr) that <paramref name="match"/> accepts; <paramref name="what"/> names it in the failure.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what)
    {
        TaskCompletionSource<string> found = new(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            var existing = (_stdout + "\n" + _stderr).Split('\n').FirstOrDefault(match);
            if (existing is not null)
            {
                return existing;
            }

            _waiters.Add((match, found));
        }

        Task first;
        try
        {
            first = await Task.WhenAny(found.Task, _process.WaitForExitAsync()).WaitAsync(Timeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"'{Command}' did not print '{what}' within {Timeout}.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}", ex);
        }

        if (first != found.Task)
        {
            // WaitForExit() without a timeout also waits until stdout and stderr are read to their end.
            _process.WaitForExit();
            if (!found.Task.IsCompleted)
            {
                throw new InvalidOperationException($"{_process.StartInfo.FileName} exited ({_process.ExitCode}) before printing '{what}'.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
            }
        }

        return await found.Task;
    }

    /// <summary>Writes one line to the process's standard input.</summary>
    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Sends <paramref name="signal"/> (a number, as <c>kill -N</c> takes it) to the process.</summary>
    public void Signal(int signal)
    {
        using var kill = ForkGate.Spawn(() => Process.Start("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
        kill.WaitForExit();
    }

    /// <summary>
    /// Waits for exit and the end of its output; kills it and fails after <paramref name="timeout"/> (default
    /// <see cref="Timeout"/>) or when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? Timeout;
        try
        {
            await _process.WaitForExitAsync(cancellationToken).WaitAsync(limit, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"'{Command}' did not exit within {limit}.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}", ex);
        }

        // Without a timeout, WaitForExit also waits for the end of both streams.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Kills the process (and its children) unless it has exited.</summary>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    /// <inheritdoc cref="Dispose" />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void OnLine(string? line, StringBuilder sink)
    {
        if (line is null)
        {
            return;
        }

        List<TaskCompletionSource<string>> matched = [];
        lock (_lock)
        {
            sink.AppendLine(line);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(line))
                {
                    matched.Add(_waiters[i].Found);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var waiter in matched)
        {
            waiter.TrySetResult(line);
        }
    }
}
