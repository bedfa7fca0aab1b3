using System.Diagnostics;
using System.Text;

namespace UnixDatagram.Hosting.Tests;

/// <summary>
/// A real program in a child process (the daemon, logger, python3, systemd tools), its stdout and stderr collected
/// line by line so that a test waits for a line instead of sleeping. Every wait is bounded; dispose kills it.
/// </summary>
internal sealed class ChildProcess : IDisposable, IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Lock _lock = new();
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];

    private ChildProcess(Process process)
    {
        _process = process;
    }

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

    public int Id => _process.Id;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="file"/>; fails the test clearly when it is not installed.</summary>
    public static ChildProcess Start(string file, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
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

        var process = new Process { StartInfo = info };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data, child._stdout);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data, child._stderr);
        try
        {
            process.Start();
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
    public static async Task<ChildProcess> RunAsync(string file, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, string? input = null, TimeSpan? timeout = null)
    {
        var child = Start(file, arguments, environment);
        if (input is not null)
        {
            await child._process.StandardInput.WriteAsync(input);
        }

        child._process.StandardInput.Close();
        await child.WaitForExitAsync(timeout);
        return child;
    }

    /// <summary>Completes with the first line (stdout or stderr) containing <paramref name="text"/>, seen before or after the call.</summary>
    public Task<string> WaitForLineAsync(string text) => WaitForLineAsync(line => line.Contains(text, StringComparison.Ordinal), text);

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

        var first = await Task.WhenAny(found.Task, _process.WaitForExitAsync()).WaitAsync(Timeout);
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

    public void Signal(int signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Waits for exit and the end of its output; kills it and fails after <paramref name="timeout"/> (default <see cref="Timeout"/>).</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? Timeout;
        try
        {
            await _process.WaitForExitAsync().WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{_process.StartInfo.FileName} did not exit within {limit}. stderr: {StandardError}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

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
