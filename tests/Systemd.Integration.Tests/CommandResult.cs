namespace UnixDatagram.Systemd.Integration.Tests;

/// <summary>What a finished command left: its exit code and its output.</summary>
public sealed record CommandResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Throws with the whole output unless the command succeeded.</summary>
    public CommandResult EnsureSuccess() => Succeeded
        ? this
        : throw new InvalidOperationException($"'{Command}' exited {ExitCode}.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");

    public override string ToString() => $"'{Command}' exited {ExitCode}; stdout: {StandardOutput.Trim()}; stderr: {StandardError.Trim()}";
}
