using System.Diagnostics;

namespace UnixDatagram.Transport.Tests;

/// <summary>Runs a program no one here wrote, with a timeout, and returns what it said.</summary>
internal static class ExternalProcess
{
    public const uint Nobody = 65534;

    public sealed record Result(int ExitCode, string StandardOutput, string StandardError, int ProcessId)
    {
        public override string ToString() => $"exit {ExitCode}; stdout: {StandardOutput}; stderr: {StandardError}";
    }

    public static async Task<Result> RunAsync(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TestWait.Timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not exit within {TestWait.Timeout}.");
        }

        return new Result(process.ExitCode, await stdout, await stderr, process.Id);
    }

    /// <summary>
    /// The system's Python, which any user may run (a <c>python3</c> found first on root's PATH may live under
    /// <c>/root</c>, out of another user's reach), else whatever <c>python3</c> the PATH gives.
    /// </summary>
    private static readonly string Python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    /// <summary>Runs <c>python3 -c <paramref name="script"/> args...</c>.</summary>
    public static Task<Result> PythonAsync(string script, params string[] arguments) =>
        RunAsync(Python, ["-c", script, .. arguments]);

    /// <summary>Runs the script as user and group 65534 (nobody), with no supplementary groups.</summary>
    public static Task<Result> PythonAsNobodyAsync(string script, params string[] arguments) =>
        RunAsync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", Python, "-c", script, .. arguments]);
}
