namespace UnixDatagram.Hosting.Tests.Listener;

/// <summary>Runs a program no one here wrote (<c>python3</c>, <c>logger</c>, <c>setpriv</c>), bounded in time.</summary>
internal static class ExternalProcess
{
    public const uint Nobody = 65534;

    /// <summary>The system's Python, which any user may run (one first on root's PATH may live out of another user's reach).</summary>
    private static readonly string Python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    public static async Task<Result> RunAsync(string fileName, params string[] arguments)
    {
        using var process = await ChildProcess.RunAsync(fileName, arguments);
        return new Result(process.ExitCode, process.StandardOutput, process.StandardError, process.Id);
    }

    /// <summary>Runs <c>python3 -c <paramref name="script"/> args...</c>.</summary>
    public static Task<Result> PythonAsync(string script, params string[] arguments) =>
        RunAsync(Python, ["-c", script, .. arguments]);

    /// <summary>Runs the script as user and group 65534 (nobody), with no supplementary groups.</summary>
    public static Task<Result> PythonAsNobodyAsync(string script, params string[] arguments) =>
        RunAsync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", Python, "-c", script, .. arguments]);

    public sealed record Result(int ExitCode, string StandardOutput, string StandardError, int ProcessId)
    {
        public override string ToString() => $"exit {ExitCode}; stdout: {StandardOutput}; stderr: {StandardError}";
    }
}
