using Xunit;

namespace UnixDatagram.TestSupport;

/// <summary>Runs a program no one here wrote (<c>python3</c>, <c>logger</c>, <c>setpriv</c>, systemd's tools) to completion, bounded in time.</summary>
public static class ExternalProcess
{
    /// <summary>The uid and gid of <c>nobody</c>, the other user attackers run as (root bypasses permissions).</summary>
    public const uint Nobody = 65534;

    /// <summary>
    /// The system's Python, which any user may run (a <c>python3</c> found first on root's PATH may live under
    /// <c>/root</c>, out of another user's reach), else whatever <c>python3</c> the PATH gives.
    /// </summary>
    public static readonly string Python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    /// <summary><c>setpriv</c>'s arguments that run the command after them as user and group <see cref="Nobody"/>, with no supplementary groups.</summary>
    public static readonly IReadOnlyList<string> AsNobody = ["--reuid=65534", "--regid=65534", "--clear-groups"];

    /// <summary>Runs <paramref name="fileName"/> to completion within <see cref="ChildProcess.Timeout"/>.</summary>
    public static async Task<CommandResult> RunAsync(string fileName, params string[] arguments)
    {
        using var process = await ChildProcess.RunAsync(fileName, arguments);
        return process.Result;
    }

    /// <summary>
    /// Runs <paramref name="fileName"/> to completion within <see cref="ChildProcess.Timeout"/> and fails the test,
    /// naming the command, its exit code and its stderr, unless it exits 0.
    /// </summary>
    public static async Task<CommandResult> RunCheckedAsync(string fileName, params string[] arguments)
    {
        var result = await RunAsync(fileName, arguments);
        Assert.True(result.ExitCode == 0, $"{fileName} {string.Join(' ', arguments)} exited {result.ExitCode}: {result.StandardError}");
        return result;
    }

    /// <summary>
    /// Runs <paramref name="fileName"/> to completion within <paramref name="timeout"/>, with <paramref name="environment"/>
    /// added to this process's environment (a null value removes that variable).
    /// </summary>
    public static async Task<CommandResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, IDictionary<string, string?>? environment = null, CancellationToken cancellationToken = default)
    {
        var set = environment?.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!);
        var unset = environment?.Where(p => p.Value is null).Select(p => p.Key).ToList();
        using var process = await ChildProcess.RunAsync(fileName, arguments, set, timeout: timeout, unset: unset, cancellationToken: cancellationToken);
        return process.Result;
    }

    /// <summary>Runs <c>python3 -c <paramref name="script"/> args...</c>.</summary>
    public static Task<CommandResult> PythonAsync(string script, params string[] arguments) =>
        RunAsync(Python, ["-c", script, .. arguments]);

    /// <summary>Runs the script as user and group 65534 (nobody), with no supplementary groups.</summary>
    public static Task<CommandResult> PythonAsNobodyAsync(string script, params string[] arguments) =>
        RunAsync("setpriv", [.. AsNobody, Python, "-c", script, .. arguments]);
}
