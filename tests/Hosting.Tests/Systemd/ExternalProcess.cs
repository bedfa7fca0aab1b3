using System.Diagnostics;
using System.Text;

namespace UnixDatagram.Hosting.Tests.Systemd;

/// <summary>Runs a real tool (systemd-analyze, systemd-socket-activate) and captures what it says.</summary>
internal sealed class ExternalProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _lock = new();
    private readonly List<(string Text, TaskCompletionSource Waiter)> _waiters = [];

    private ExternalProcess(Process process)
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

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="file"/>; fails the test clearly when the tool is not installed.</summary>
    public static ExternalProcess Start(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"'{file}' cannot be run ({ex.Message}); install it (.ci/run does: systemd, python3).", ex);
        }

        var result = new ExternalProcess(process);
        process.OutputDataReceived += (_, e) => result.Append(result._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => result.Append(result._stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>Runs <paramref name="file"/> to completion within <paramref name="timeout"/>.</summary>
    public static async Task<ExternalProcess> RunAsync(TimeSpan timeout, string file, params string[] arguments)
    {
        var process = Start(file, arguments);
        await process.WaitForExitAsync(timeout);
        return process;
    }

    /// <summary>Completes when standard error has contained <paramref name="text"/>.</summary>
    public Task WaitForStandardErrorAsync(string text)
    {
        lock (_lock)
        {
            if (_stderr.ToString().Contains(text, StringComparison.Ordinal))
            {
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((text, waiter));
            return waiter.Task;
        }
    }

    /// <summary>Waits for exit (and the end of its output); kills it and fails after <paramref name="timeout"/>.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{_process.StartInfo.FileName} did not exit within {timeout}. stderr: {StandardError}");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        List<TaskCompletionSource> done = [];
        lock (_lock)
        {
            buffer.AppendLine(line);
            var stderr = _stderr.ToString();
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (stderr.Contains(_waiters[i].Text, StringComparison.Ordinal))
                {
                    done.Add(_waiters[i].Waiter);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var waiter in done)
        {
            waiter.TrySetResult();
        }
    }
}
