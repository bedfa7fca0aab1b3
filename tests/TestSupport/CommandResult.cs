namespace UnixDatagram.TestSupport;

/// <summary>What a finished command left: its exit code and its output.</summary>
/// <param name="Command">The program and its arguments.</param>
/// <param name="ExitCode">The exit code.</param>
/// <param name="StandardOutput">Everything written to stdout.</param>
/// <param name="StandardError">Everything written to stderr.</param>
/// <param name="ProcessId">The process id it ran as (what a peer's credentials name).</param>
public sealed record CommandResult(string Command, int ExitCode, string StandardOutput, string StandardError, int ProcessId)
{
    /// <summary>Whether it exited 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>Throws with the whole output unless the command succeeded.</summary>
    public CommandResult EnsureSuccess() => Succeeded
        ? this
        : throw new InvalidOperationException($"'{Command}' exited {ExitCode}.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");

    /// <inheritdoc />
    public override string ToString() => $"'{Command}' exited {ExitCode}; stdout: {StandardOutput.Trim()}; stderr: {StandardError.Trim()}";
}
