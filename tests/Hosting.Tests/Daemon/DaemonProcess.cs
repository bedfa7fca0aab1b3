using System.Diagnostics;
using System.Text;

namespace UnixDatagram.Hosting.Tests.Daemon;

/// <summary>
/// The real <c>daemon</c> executable (built beside the tests) in a child process, with its stdout and stderr
/// collected line by line, so a test can wait for a line instead of sleeping.
/// </summary>
internal sealed class DaemonProcess : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly Lock _lock = new();
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];

    private DaemonProcess(Process process)
    {
        _process = process;
    }

    public static string DaemonDll => Path.Join(AppContext.BaseDirectory, "daemon.dll");

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

    /// <summary>Starts <c>dotnet daemon.dll ARGS</c>, or <paramref name="launcher"/> with the daemon as its command.</summary>
    public static DaemonProcess Start(IEnumerable<string> args, IDictionary<string, string>? environment = null, IEnumerable<string>? launcher = null)
    {
        var command = new List<string>();
        if (launcher is not null)
        {
            command.AddRange(launcher);
        }

        // The test host runs under dotnet itself; a launcher may not pass PATH on, so name it in full.
        command.Add(Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet");
        command.Add(DaemonDll);
        command.AddRange(args);
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in command.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var daemon = new DaemonProcess(process);
        process.OutputDataReceived += (_, e) => daemon.OnLine(e.Data, daemon._stdout);
        process.ErrorDataReceived += (_, e) => daemon.OnLine(e.Data, daemon._stderr);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return daemon;
    }

    /// <summary>Runs the daemon to completion and returns its exit code.</summary>
    public static async Task<(int ExitCode, DaemonProcess Process)> RunAsync(IEnumerable<string> args, IDictionary<string, string>? environment = null, string? input = null)
    {
        var daemon = Start(args, environment);
        if (input is not null)
        {
            await daemon._process.StandardInput.WriteAsync(input);
        }

        daemon._process.StandardInput.Close();
        var code = await daemon.WaitForExitAsync();
        return (code, daemon);
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

        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(found.Task, exited).WaitAsync(Timeout);
        if (first != found.Task)
        {
            // WaitForExit() without a timeout also waits until stdout and stderr are read to their end.
            _process.WaitForExit();
            if (!found.Task.IsCompleted)
            {
                throw new InvalidOperationException($"The daemon exited ({_process.ExitCode}) before printing '{what}'.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
            }
        }

        return await found.Task;
    }

    public void Signal(int signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(Timeout);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(Timeout);
        }

        _process.Dispose();
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
